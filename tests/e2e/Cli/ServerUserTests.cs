using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// Started as root, the server runs as nobody with only CAP_NET_BIND_SERVICE and CAP_NET_RAW (what
/// DHCP's sockets need), still answers DHCP, keeps its leases in a data folder it owns, and reads
/// files as nobody: a file only root may read is refused and the log says whose read failed.
/// <c>--user root</c> keeps today's root server; a server not started as root cannot switch.
/// </summary>
public sealed partial class ServerUserTests
{
    /// <summary>CapEff with exactly bits 10 (net_bind_service) and 13 (net_raw).</summary>
    private const string DhcpCapabilities = "0000000000002400";

    [Fact]
    public async Task Started_as_root_it_serves_dhcp_and_files_as_nobody_with_only_the_dhcp_capabilities()
    {
        await using var lab = await BootLab.CreateAsync();
        var (root, data) = await TreeAsync(lab);
        var nobody = (await ChildProgram.RunCheckedAsync("id", "-u", "nobody")).Stdout.Trim();
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}", "--tftp-root", root,
            "--data-dir", data, "--probe-timeout", "200");

        var status = await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/status");
        Assert.Equal(["Uid:", nobody, nobody, nobody, nobody], Field(status, "Uid"));
        Assert.Equal(["CapEff:", DhcpCapabilities], Field(status, "CapEff"));
        Assert.Equal(["CapPrm:", DhcpCapabilities], Field(status, "CapPrm"));

        // Capabilities are per thread: every one of the runtime's threads holds them, not just the first.
        var threads = Directory.GetDirectories($"/proc/{server.ProcessId}/task");
        Assert.True(threads.Length > 5, $"{threads.Length} threads");
        foreach (var thread in threads)
        {
            Assert.Equal(["CapEff:", DhcpCapabilities], Field(await File.ReadAllLinesAsync(Path.Combine(thread, "status")), "CapEff"));
        }
        Assert.Contains(server.Lines, l => l.Contains($"running as nobody (uid {nobody}", StringComparison.Ordinal)
            && l.EndsWith("with capabilities net_bind_service, net_raw", StringComparison.Ordinal));

        // DHCP answers a client on the bridge, and the lease is written by nobody into its own folder.
        var peer = await lab.AddPeerHostAsync(20);
        var dhcp = await ChildProgram.RunCheckedAsync("ip", "netns", "exec", peer.Namespace,
            "busybox", "udhcpc", "-i", peer.Interface, "-f", "-n", "-q", "-s", "/bin/true");
        Assert.Matches(LeaseObtained(), dhcp.Stdout + dhcp.Stderr);
        Assert.Equal("nobody", (await ChildProgram.RunCheckedAsync("stat", "-c", "%U", Path.Combine(data, "leases.db"))).Stdout.Trim());

        // A file only root may read is refused, naming the user; a world-readable one is served.
        var denied = await TftpAsync(lab, "secret.efi");
        Assert.Equal(69, denied.ExitCode); // curl's CURLE_TFTP_PERM: the server sent error 2
        await server.WaitForLineAsync("secret.efi", TimeSpan.FromSeconds(10));
        var line = Assert.Single(server.Lines, l => l.Contains("secret.efi", StringComparison.Ordinal));
        Assert.Contains("mode 0600 is not readable by the server's user nobody", line, StringComparison.Ordinal);
        Assert.Contains("chmod o+r", line, StringComparison.Ordinal);
        var allowed = await TftpAsync(lab, "ok.efi");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal("anyone may read this", allowed.Stdout);
    }

    [Fact]
    public async Task User_root_keeps_the_root_server_and_warns()
    {
        await using var lab = await BootLab.CreateAsync();
        var (root, _) = await TreeAsync(lab);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "TFTP serving",
            "serve", "--tftp-root", root, "--listen", lab.ServerAddress.ToString(), "--no-dhcp", "--user", "root");

        var status = await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/status");
        Assert.Equal(["Uid:", "0", "0", "0", "0"], Field(status, "Uid"));
        Assert.Contains(server.Lines, l => l.Contains("--user root: the server keeps every privilege of root", StringComparison.Ordinal));
        Assert.Contains(server.Lines, l => l.Contains("running as root (uid 0, gid 0)", StringComparison.Ordinal));
        var secret = await TftpAsync(lab, "secret.efi");
        Assert.Equal(0, secret.ExitCode);
    }

    [Fact]
    public async Task A_server_not_started_as_root_cannot_become_another_user()
    {
        var result = await ChildProgram.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
            "env", $"HOME={Path.GetTempPath()}", $"DOTNET_CLI_HOME={Path.GetTempPath()}", "dotnet", "exec", PxeHostProcess.CliPath, "serve", "--tftp-root", "/", "--listen", "127.0.0.1", "--no-dhcp", "--user", "root"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pxehost serve: --user: pxehost runs as nobody (uid 65534, gid 65534), not as root, so it cannot become 'root'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quick_mode_refuses_a_kernel_only_root_may_read_naming_the_servers_user()
    {
        await using var lab = await BootLab.CreateAsync();
        var (root, data) = await TreeAsync(lab);
        var result = await PxeHostProcess.RunAsync(lab.Namespace, "boot", Path.Combine(root, "secret.efi"),
            "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}", "--data-dir", data);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"pxehost boot: --KERNEL: '{root}/secret.efi' is not readable by the server's user nobody (uid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_holding_other_things_is_not_given_away_and_is_refused_when_nobody_cannot_write_it()
    {
        await using var lab = await BootLab.CreateAsync();
        var (root, data) = await TreeAsync(lab);
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "notes.txt"), "not pxehost's");
        var result = await PxeHostProcess.RunAsync(lab.Namespace, "serve", "--interface", "br0", "--proxy", "--tftp-root", root, "--data-dir", data);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"pxehost serve: --data-dir: '{data}' is not writable by nobody (uid", result.Output, StringComparison.Ordinal);
        Assert.Equal("root", (await ChildProgram.RunCheckedAsync("stat", "-c", "%U", data)).Stdout.Trim());
    }

    [Fact]
    public async Task A_tftp_root_inside_a_folder_only_root_may_enter_is_refused_naming_the_servers_user()
    {
        await using var lab = await BootLab.CreateAsync();
        var closed = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "closed")).FullName;
        var root = Directory.CreateDirectory(Path.Combine(closed, "tftp")).FullName;
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var result = await PxeHostProcess.RunAsync(lab.Namespace, "serve", "--tftp-root", root, "--listen", lab.ServerAddress.ToString(), "--no-dhcp");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"pxehost serve: --tftp-root: '{root}' is out of reach of the server's user nobody (uid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_nobody_may_read_stays_root_and_says_why_and_an_explicit_user_is_refused()
    {
        // A checkout in root's home (0700): nobody could not even load the program it would run as.
        await using var lab = await BootLab.CreateAsync();
        var (root, _) = await TreeAsync(lab);
        var home = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "home")).FullName;
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var copy = Path.Combine(home, "pxehost");
        await ChildProgram.RunCheckedAsync("cp", "-r", Path.GetDirectoryName(PxeHostProcess.CliPath)!, copy);
        var program = Path.Combine(copy, Path.GetFileName(PxeHostProcess.CliPath));
        string[] serve = ["serve", "--tftp-root", root, "--listen", lab.ServerAddress.ToString(), "--no-dhcp"];

        var refused = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.Namespace, "dotnet", "exec", program, .. serve, "--user", "nobody"], TimeSpan.FromMinutes(1));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"pxehost serve: --user: nobody cannot read the program: '{home}' is closed to others", refused.Output, StringComparison.Ordinal);

        await using var server = await PxeHostProcess.StartProgramAsync(["ip", "netns", "exec", lab.Namespace], program, "TFTP serving", serve);
        Assert.Contains(server.Lines, l => l.Contains($"warning: runs as root with every privilege: nobody cannot read the program ('{home}' is closed to others)", StringComparison.Ordinal));
        Assert.Equal(["Uid:", "0", "0", "0", "0"], Field(await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/status"), "Uid"));
    }

    /// <summary>A TFTP root with a file only root may read and one anyone may, and where the data folder goes.</summary>
    private static async Task<(string Root, string Data)> TreeAsync(BootLab lab)
    {
        var root = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "tftp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "secret.efi"), "only root may read this");
        await File.WriteAllTextAsync(Path.Combine(root, "ok.efi"), "anyone may read this");
        ServedFolder.OpenToAll(root);
        File.SetUnixFileMode(Path.Combine(root, "secret.efi"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (root, Path.Combine(lab.WorkDirectory, "data"));
    }

    private static Task<ChildProgram.Result> TftpAsync(BootLab lab, string file) =>
        ChildProgram.RunAsync("ip", ["netns", "exec", lab.Namespace, "curl", "-sS", $"tftp://{lab.ServerAddress}/{file}"]);

    private static string[] Field(string[] status, string name) =>
        status.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"lease of (\d+\.\d+\.\d+\.\d+) obtained")]
    private static partial Regex LeaseObtained();
}
