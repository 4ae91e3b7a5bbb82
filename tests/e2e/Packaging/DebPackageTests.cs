using System.Net.Sockets;
using System.Text;
using PxeHost.E2E.Tests.Boot;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Packaging;

/// <summary>
/// The Debian package as an admin meets it, installed into this machine's root: packaging/build-deb.sh
/// builds it (its path the last line), dpkg installs the program, unit, man page, default configuration
/// and user; the unit verifies; doctor runs; the unit's own ExecStart, under the unit's user and
/// capabilities and as PID 1 of a PID namespace with NOTIFY_SOCKET and JOURNAL_STREAM (as systemd starts
/// a Type=notify service), answers a PXE client in proxy mode; dpkg -r leaves only the edited conffile
/// and dpkg -P nothing. The package is purged in every case; a data or config folder found before is
/// put back.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class DebPackageTests
{
    private const string Unit = "/lib/systemd/system/pxehost.service";
    private const string Config = "/etc/pxehost/pxehost.yaml";
    private const string Data = "/var/lib/pxehost";

    /// <summary>The unit's capabilities, as setpriv(1) spells them: ambient, inheritable and the whole bounding set.</summary>
    private const string Capabilities = "-all,+net_bind_service,+net_raw";

    [Fact]
    public async Task The_package_installs_runs_its_unit_as_pxehost_and_is_removed_and_purged_without_a_trace()
    {
        Assert.NotEqual(0, (await ChildProgram.RunAsync("dpkg-query", ["-W", "pxehost"])).ExitCode);
        var build = await ChildProgram.RunAsync(Path.Combine(TestPayload.RepositoryRoot(), "packaging", "build-deb.sh"), [], TimeSpan.FromMinutes(8));
        Assert.True(build.ExitCode == 0, build.Output);
        var deb = build.Stdout.TrimEnd('\n').Split('\n')[^1];
        Assert.EndsWith(".deb", deb, StringComparison.Ordinal);

        var kept = SetAside(Data, Config[..Config.LastIndexOf('/')]);
        try
        {
            await ChildProgram.RunCheckedAsync("dpkg", "-i", deb);
            var listed = (await ChildProgram.RunCheckedAsync("dpkg", "-L", "pxehost")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] expected = ["/usr/bin/pxehost", "/usr/lib/pxehost/pxehost", Unit, Config, "/usr/share/man/man1/pxehost.1.gz",
                "/usr/share/doc/pxehost/copyright", "/usr/share/doc/pxehost/changelog.Debian.gz"];
            Assert.All(expected, path => Assert.Contains(path, listed));
            Assert.All(expected, path => Assert.True(Exists(path), path));
            Assert.Contains(Config, (await ChildProgram.RunCheckedAsync("dpkg-query", "-W", "-f=${Conffiles}", "pxehost")).Stdout, StringComparison.Ordinal);
            var user = (await ChildProgram.RunCheckedAsync("getent", "passwd", "pxehost")).Stdout.Trim().Split(':');
            Assert.Equal(Data, user[5]);
            Assert.Equal("/usr/sbin/nologin", user[6]);
            Assert.Equal("pxehost", (await ChildProgram.RunCheckedAsync("stat", "-c", "%U", Data)).Stdout.Trim());

            var verify = await ChildProgram.RunAsync("systemd-analyze", ["verify", Unit]);
            Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0, verify.Output);
            var manual = await ChildProgram.RunAsync("man", ["pxehost"]);
            Assert.True(manual.ExitCode == 0, manual.Output);
            Assert.Contains("pxehost serve [OPTIONS]", manual.Stdout, StringComparison.Ordinal);

            await using (var lab = await LabNetwork.CreateAsync())
            {
                // The admin names the interface, as the packaged file says; doctor then finds nothing blocking.
                var text = await File.ReadAllTextAsync(Config);
                await File.WriteAllTextAsync(Config, text.Replace("interfaces: []", "interfaces: [veth0]", StringComparison.Ordinal));
                var doctor = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ServerNamespace, "pxehost", "doctor", "--config", Config, "--probe-timeout", "300"], TimeSpan.FromMinutes(1));
                Assert.True(doctor.ExitCode == 0, doctor.Output);
                Assert.StartsWith("nothing blocking", doctor.Stdout.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);

                await RunTheUnitAsync(lab, ExecStart(await File.ReadAllLinesAsync(Unit)));
                await RefusesAnUnwritableDataFolderAsync(lab, ExecStart(await File.ReadAllLinesAsync(Unit)));
            }

            await BootsAMachineAsync();

            await ChildProgram.RunCheckedAsync("dpkg", "-r", "pxehost");
            Assert.Equal("deinstall ok config-files", (await ChildProgram.RunCheckedAsync("dpkg-query", "-W", "-f=${Status}", "pxehost")).Stdout);
            Assert.Equal([Config], listed.Where(Exists).Where(p => !Directory.Exists(p) || p.Contains("pxehost", StringComparison.Ordinal)).Where(p => p != "/etc/pxehost"));
            Assert.Contains("interfaces: [veth0]", await File.ReadAllTextAsync(Config), StringComparison.Ordinal);

            await ChildProgram.RunCheckedAsync("dpkg", "-P", "pxehost");
            Assert.NotEqual(0, (await ChildProgram.RunAsync("dpkg-query", ["-W", "pxehost"])).ExitCode);
            Assert.DoesNotContain(listed, p => p.Contains("pxehost", StringComparison.Ordinal) && Exists(p));
            Assert.False(Directory.Exists(Data));
        }
        finally
        {
            await ChildProgram.RunAsync("dpkg", ["-P", "pxehost"]);
            PutBack(kept);
        }
    }

    /// <summary>
    /// The unit's ExecStart as systemd would start it: user pxehost, the unit's capabilities only, no new
    /// privileges, PID 1 of its own PID namespace with NOTIFY_SOCKET (so the program takes itself for a
    /// systemd service) and its stdout named by JOURNAL_STREAM. It says READY=1 once it listens, logs for the
    /// journal, answers a PXE client from the other namespace and serves it a boot file, says STOPPING=1 at SIGTERM.
    /// </summary>
    private static async Task RunTheUnitAsync(LabNetwork lab, string[] execStart)
    {
        var folder = Directory.CreateTempSubdirectory("pxehost-notify-");
        try
        {
            File.SetUnixFileMode(folder.FullName, (UnixFileMode)0b111_101_101);
            var path = Path.Combine(folder.FullName, "notify");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);

            const string Script = """
                socket="$1"; shift
                exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/pxehost USER=pxehost LOGNAME=pxehost \
                  NOTIFY_SOCKET="$socket" JOURNAL_STREAM="0:$(stat -L -c %i /proc/$$/fd/1)" "$@"
                """;
            string[] command = ["ip", "netns", "exec", lab.ServerNamespace, "unshare", "--pid", "--kill-child=SIGTERM", "--mount-proc", "sh", "-c", Script, "sh", path,
                .. AsTheUnitsUser(), .. execStart];
            await using (var server = await PxeHostProcess.StartCommandAsync(command, "proxyDHCP listening on veth0"))
            {
                Assert.Equal("READY=1", await ReceiveAsync(notify));

                // unshare forks the namespace's PID 1: the server, as the unit's user with the unit's privileges only.
                var pid = (await File.ReadAllTextAsync($"/proc/{server.ProcessId}/task/{server.ProcessId}/children")).Trim();
                var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");
                var uid = (await ChildProgram.RunCheckedAsync("id", "-u", "pxehost")).Stdout.Trim();
                Assert.Equal($"Uid:\t{uid}\t{uid}\t{uid}\t{uid}", Assert.Single(status, l => l.StartsWith("Uid:", StringComparison.Ordinal)));
                Assert.Contains("CapEff:\t0000000000002400", status);
                Assert.Contains("CapBnd:\t0000000000002400", status);
                Assert.Contains("NoNewPrivs:\t1", status);
                var running = Assert.Single(server.Lines, l => l.Contains("running as pxehost", StringComparison.Ordinal));
                Assert.Matches(@"^<6>running as pxehost \(uid \d+, gid \d+\) with capabilities net_bind_service, net_raw$", running);

                var dhcp = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, "busybox", "udhcpc", "-i", "veth1", "-f", "-n", "-q",
                    "-t", "2", "-T", "1", "-s", "/bin/true", "-V", "PXEClient:Arch:00000:UNDI:002001"], TimeSpan.FromSeconds(30));
                await server.WaitForLineAsync("Discover on veth0: Offer (no address) boot undionly.kpxe", TimeSpan.FromSeconds(10));
                var tftp = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, "curl", "-sS", "-o", "/dev/null", $"tftp://{lab.ServerAddress}/undionly.kpxe"]);
                Assert.True(tftp.ExitCode == 0, tftp.Output + dhcp.Output + string.Join('\n', server.Lines));
                await server.WaitForLineAsync("<6>tftp ", TimeSpan.FromSeconds(10));

                // As systemctl stop does: SIGTERM to the main process (unshare's --kill-child does not reach it: setpriv's
                // change of user clears the parent-death signal). By pid, our own child's child.
                await ChildProgram.RunCheckedAsync("kill", "-TERM", pid);
                Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
                Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The installed program, as the unit's user with the unit's capabilities, boots a real UEFI machine in a
    /// lab: full DHCP on the lab's bridge, iPXE for UEFI found where Debian's ipxe package put it and sent by
    /// TFTP, then the test kernel and initrd over HTTP, to the payload's line on the serial console.
    /// </summary>
    private static async Task BootsAMachineAsync()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var data = Path.Combine(lab.WorkDirectory, "data");
        Directory.CreateDirectory(data);
        await ChildProgram.RunCheckedAsync("chown", "pxehost:pxehost", data);
        string[] command =
        [
            "ip", "netns", "exec", lab.Namespace, .. AsTheUnitsUser(), "/usr/bin/pxehost", "boot", payload.KernelPath, payload.InitrdPath,
            "--cmdline", "console=ttyS0 m-installed-package", "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}",
            "--data-dir", data, "--probe-timeout", "1000",
        ];
        await using var server = await PxeHostProcess.StartCommandAsync(command, "DHCP (Full) listening on br0");
        await using var vm = await lab.StartVmAsync(Firmware.UefiPxe, BootLab.NewMacAddress());
        await vm.WaitForSerialAsync(TestPayload.Marker, TimeSpan.FromMinutes(4));
        Assert.Contains(server.Lines, l => l.Contains("tftp ", StringComparison.Ordinal) && l.Contains("snponly.efi", StringComparison.Ordinal));
        Assert.Contains(server.Lines, l => l.Contains("GET /quick/0/vmlinuz", StringComparison.Ordinal));
        Assert.Contains(server.Lines, l => l.Contains("running as pxehost", StringComparison.Ordinal));
    }

    /// <summary>Without systemd's StateDirectory= to own it, a data folder pxehost cannot write is refused at start, in a sentence.</summary>
    private static async Task RefusesAnUnwritableDataFolderAsync(LabNetwork lab, string[] execStart)
    {
        await ChildProgram.RunCheckedAsync("chown", "root:root", Data);
        var refused = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ServerNamespace, .. AsTheUnitsUser(), .. execStart], TimeSpan.FromMinutes(1));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"pxehost serve: --data-dir: '{Data}' is not writable by pxehost (uid", refused.Output, StringComparison.Ordinal);
    }

    private static string[] AsTheUnitsUser() =>
    [
        "setpriv", "--reuid=pxehost", "--regid=pxehost", "--init-groups", $"--inh-caps={Capabilities}", $"--ambient-caps={Capabilities}",
        $"--bounding-set={Capabilities}", "--no-new-privs", "--",
    ];

    /// <summary>The words of the unit's ExecStart= (it quotes nothing).</summary>
    private static string[] ExecStart(string[] unit) =>
        Assert.Single(unit, l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string> ReceiveAsync(Socket notify)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[512];
        var length = await notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>Moves folders a package would own out of the way (a checkout's runs use /var/lib/pxehost too); null for those not there.</summary>
    private static List<(string Path, string Aside)> SetAside(params string[] paths)
    {
        var aside = new List<(string, string)>();
        foreach (var path in paths.Where(Directory.Exists))
        {
            var place = $"{path}.before-package-test-{Environment.ProcessId}";
            Directory.Move(path, place);
            aside.Add((path, place));
        }

        return aside;
    }

    private static void PutBack(List<(string Path, string Aside)> kept)
    {
        foreach (var (path, aside) in kept)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            Directory.Move(aside, path);
        }
    }
}
