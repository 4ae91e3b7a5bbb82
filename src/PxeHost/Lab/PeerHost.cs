using System.Net;

namespace PxeHost.Lab;

/// <summary>
/// Another machine on the lab bridge: a namespace of its own joined to the bridge by a veth pair,
/// with one address in the lab subnet. Where the network's own DHCP server (dnsmasq) runs in the
/// proxyDHCP and rogue-server tests. Created by <see cref="BootLab.AddPeerHostAsync"/>, which disposes it.
/// </summary>
public sealed class PeerHost : IAsyncDisposable
{
    private readonly List<NamespacedProgram> _programs = [];
    private int _disposed;

    internal PeerHost(string networkNamespace, IPAddress address)
    {
        Namespace = networkNamespace;
        Address = address;
    }

    public string Namespace { get; }

    public IPAddress Address { get; }

    /// <summary>The peer's interface on the lab bridge.</summary>
    public string Interface { get; } = "eth0";

    internal async Task SetUpAsync(string labNamespace, string labBridge, string labVeth, int prefix)
    {
        await ChildProgram.RunCheckedAsync("ip", "netns", "add", Namespace);
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "set", "lo", "up");
        await ChildProgram.RunCheckedAsync("ip", "-n", labNamespace, "link", "add", labVeth, "type", "veth", "peer", "name", Interface, "netns", Namespace);
        await ChildProgram.RunCheckedAsync("ip", "-n", labNamespace, "link", "set", labVeth, "master", labBridge);
        await ChildProgram.RunCheckedAsync("ip", "-n", labNamespace, "link", "set", labVeth, "up");
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "addr", "add", $"{Address}/{prefix}", "dev", Interface);
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "set", Interface, "up");
    }

    /// <summary>Starts a program on the peer, waits for <paramref name="ready"/> and kills it (by pid) on dispose.</summary>
    public async Task<NamespacedProgram> StartProgramAsync(string ready, string file, params string[] arguments)
    {
        var program = NamespacedProgram.Start(Namespace, file, arguments);
        _programs.Add(program);
        await program.WaitForLineAsync(ready, TimeSpan.FromSeconds(30));
        return program;
    }

    /// <summary>
    /// dnsmasq as the network's plain DHCP server: addresses only, no boot options, its own lease file.
    /// </summary>
    public Task<NamespacedProgram> StartPlainDnsmasqAsync(IPAddress first, IPAddress last, string leaseFile) =>
        StartProgramAsync("DHCP, IP range", "dnsmasq", "--keep-in-foreground", "--log-facility=-", "--log-dhcp", "--conf-file=/dev/null",
            "--pid-file=", "--user=root", "--port=0", $"--interface={Interface}", "--bind-interfaces", $"--dhcp-leasefile={leaseFile}",
            $"--dhcp-range={first},{last},255.255.255.0,1h");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var program in _programs)
        {
            await program.DisposeAsync();
        }

        await ChildProgram.RunAsync("ip", ["netns", "delete", Namespace]);
    }
}
