using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Ui;

/// <summary>
/// A real <c>pxehost serve</c> in a namespace pair with a plan (profiles alpha and beta; <see cref="Known"/>
/// reserved at the client's own address, so its TFTP requests name it) and a client namespace where
/// busybox udhcpc and curl play the machines and the browser runs.
/// </summary>
public sealed class PageLab : IAsyncDisposable
{
    /// <summary>The machine of the plan: pxehost.yaml gives it alpha and the client's address.</summary>
    public const string Known = "52:54:00:0e:00:02";

    /// <summary>A machine the plan does not name: it gets a pool address and the default.</summary>
    public const string Stranger = "52:54:00:0e:00:01";

    private PageLab(LabNetwork network, string work, PxeHostProcess server)
    {
        Network = network;
        Work = work;
        Server = server;
    }

    public LabNetwork Network { get; }

    public string Work { get; }

    public PxeHostProcess Server { get; }

    public string ConfigFile => Path.Combine(Work, "pxehost.yaml");

    public string Url => $"http://{Network.ServerAddress}";

    public string Token => File.ReadAllText(Path.Combine(Work, "data", "admin-token")).Trim();

    public static string Plan(string root, string address) => $$"""
        interfaces: [veth0]
        tftp-root: {{root}}
        dhcp:
          ranges: [10.77.0.100-10.77.0.150]
        profiles:
          alpha:
            title: Alpha Linux
            kernel: alpha-vmlinuz
          beta:
            title: Beta Linux
            kernel: beta-vmlinuz
        machines:
          - mac: {{Known}}
            address: {{address}}
            boot: alpha
        defaults:
          boot: alpha
        """;

    public static async Task<PageLab> StartAsync()
    {
        var network = await LabNetwork.CreateAsync();
        var work = ServedFolder.Create("pxehost-ui-");
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(work, "tftp")).FullName;
            await File.WriteAllTextAsync(Path.Combine(root, "alpha-vmlinuz"), "alpha");
            await File.WriteAllTextAsync(Path.Combine(root, "beta-vmlinuz"), "beta");
            await File.WriteAllBytesAsync(Path.Combine(root, "hello.efi"), new byte[64 * 1024]);
            await File.WriteAllBytesAsync(Path.Combine(root, "big.bin"), new byte[3 * 1024 * 1024]);
            ServedFolder.OpenToAll(root);
            var config = Path.Combine(work, "pxehost.yaml");
            await File.WriteAllTextAsync(config, Plan(root, network.ClientAddress));
            var server = await PxeHostProcess.StartAsync(network.ServerNamespace, "DHCP (Full) listening on veth0",
                "serve", "--config", config, "--data-dir", Path.Combine(work, "data"), "--probe-timeout", "0");
            await server.WaitForLineAsync("HTTP serving on", TimeSpan.FromSeconds(30));
            return new PageLab(network, work, server);
        }
        catch
        {
            Directory.Delete(work, recursive: true);
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>The client's link takes <paramref name="mac"/> and busybox udhcpc, as a PXE client, takes an address for it.</summary>
    public async Task DhcpAsync(string mac)
    {
        await ChildProgram.RunCheckedAsync("ip", "-n", Network.ClientNamespace, "link", "set", "veth1", "down");
        await ChildProgram.RunCheckedAsync("ip", "-n", Network.ClientNamespace, "link", "set", "veth1", "address", mac);
        await ChildProgram.RunCheckedAsync("ip", "-n", Network.ClientNamespace, "link", "set", "veth1", "up");
        var dhcp = await InClientAsync("busybox", "udhcpc", "-i", "veth1", "-f", "-n", "-q", "-t", "5", "-T", "2", "-s", "/bin/true", "-V", "PXEClient:Arch:00007:UNDI:003016");
        Assert.True(dhcp.ExitCode == 0, dhcp.Output);
    }

    /// <summary>A TFTP download from the client's address (<see cref="Known"/>'s, when it holds its reservation).</summary>
    public async Task TftpAsync(string file)
    {
        var fetched = await InClientAsync("curl", "-sS", "-o", "/dev/null", $"tftp://{Network.ServerAddress}/{file}");
        Assert.True(fetched.ExitCode == 0, fetched.Output);
    }

    /// <summary>
    /// Holds what the server sends to <paramref name="rate"/> (a token bucket on its end of the link), or
    /// lifts the limit when null: a transfer then lasts long enough for the server's progress reports.
    /// </summary>
    public async Task LimitServerRateAsync(string? rate)
    {
        string[] tc = ["ip", "netns", "exec", Network.ServerNamespace, "tc", "qdisc"];
        await ChildProgram.RunCheckedAsync(tc[0], rate is null
            ? [.. tc[1..], "del", "dev", "veth0", "root"]
            : [.. tc[1..], "add", "dev", "veth0", "root", "tbf", "rate", rate, "burst", "16kb", "latency", "400ms"]);
    }

    /// <summary>GET from inside the client's namespace; the body.</summary>
    public async Task<string> GetAsync(string path)
    {
        var got = await InClientAsync("curl", "-sS", "--fail", Url + path);
        Assert.True(got.ExitCode == 0, got.Output);
        return got.Stdout;
    }

    public Task<ChildProgram.Result> InClientAsync(params string[] command) =>
        ChildProgram.RunAsync("ip", ["netns", "exec", Network.ClientNamespace, .. command], TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Work, recursive: true);
        await Network.DisposeAsync();
    }
}
