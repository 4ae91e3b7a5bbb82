using System.Net;

namespace PxeHost.Lab;

/// <summary>
/// A second network behind a router: its own namespace, joined to the lab bridge by a veth pair
/// (<see cref="UpstreamInterface"/> holds <see cref="UpstreamAddress"/> in the lab subnet) and holding
/// the bridge <see cref="BridgeName"/> with <see cref="GatewayAddress"/> for the machines started on it.
/// The router forwards IPv4 and the lab routes <see cref="Subnet"/> through it, so the server can
/// answer a relay at its giaddr. Created by <see cref="BootLab.AddRelayedSegmentAsync"/>, which disposes it.
/// </summary>
public sealed class RelayedSegment : IAsyncDisposable
{
    private NamespacedProgram? _relay;
    private int _disposed;

    internal RelayedSegment(string networkNamespace, IPNetwork subnet, IPAddress upstreamAddress)
    {
        Namespace = networkNamespace;
        Subnet = subnet;
        UpstreamAddress = upstreamAddress;
        GatewayAddress = BootLab.HostAddress(subnet, 1);
    }

    public string Namespace { get; }

    public string BridgeName { get; } = "br1";

    /// <summary>The router's interface on the lab bridge, inside <see cref="Namespace"/>.</summary>
    public string UpstreamInterface { get; } = "up0";

    public IPNetwork Subnet { get; }

    public int Prefix => Subnet.PrefixLength;

    /// <summary>The router's address on this segment: the relay's giaddr (RFC 2131 §4.1).</summary>
    public IPAddress GatewayAddress { get; }

    /// <summary>The router's address in the lab subnet, the next hop to <see cref="Subnet"/>.</summary>
    public IPAddress UpstreamAddress { get; }

    /// <summary>dhcrelay's output, once started.</summary>
    public IReadOnlyList<string> RelayLog => _relay?.Lines ?? [];

    /// <summary>Host number <paramref name="host"/> of <see cref="Subnet"/> (1 is the gateway).</summary>
    public IPAddress AddressAt(int host) => BootLab.HostAddress(Subnet, host);

    internal async Task SetUpAsync(string labNamespace, string labBridge, string labVeth, int labPrefix)
    {
        await ChildProgram.RunCheckedAsync("ip", "netns", "add", Namespace);
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "set", "lo", "up");
        await ChildProgram.RunCheckedAsync("ip", "-n", labNamespace, "link", "add", labVeth, "type", "veth", "peer", "name", UpstreamInterface, "netns", Namespace);
        await ChildProgram.RunCheckedAsync("ip", "-n", labNamespace, "link", "set", labVeth, "master", labBridge);
        await ChildProgram.RunCheckedAsync("ip", "-n", labNamespace, "link", "set", labVeth, "up");
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "addr", "add", $"{UpstreamAddress}/{labPrefix}", "dev", UpstreamInterface);
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "set", UpstreamInterface, "up");
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "add", BridgeName, "type", "bridge", "forward_delay", "0");
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "addr", "add", $"{GatewayAddress}/{Prefix}", "dev", BridgeName);
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "set", BridgeName, "up");
        await ChildProgram.RunCheckedAsync("ip", "netns", "exec", Namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        await ChildProgram.RunCheckedAsync("ip", "-n", labNamespace, "route", "add", Subnet.ToString(), "via", UpstreamAddress.ToString());
    }

    /// <summary>
    /// Runs isc-dhcp-relay's <c>dhcrelay</c> in the foreground on the router: it hears clients on
    /// <see cref="BridgeName"/> and relays to <paramref name="server"/> through <see cref="UpstreamInterface"/>.
    /// </summary>
    public async Task StartRelayAsync(IPAddress server)
    {
        if (_relay is not null)
        {
            throw new InvalidOperationException("the relay of this segment is already running");
        }

        _relay = NamespacedProgram.Start(Namespace, "dhcrelay", "-4", "-d", "--no-pid", "-id", BridgeName, "-iu", UpstreamInterface, server.ToString());
        // dhcrelay prints its fallback socket last, after it listens on both interfaces.
        await _relay.WaitForLineAsync("Sending on   Socket/fallback", TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        await ChildProgram.RunAsync("ip", ["netns", "delete", Namespace]);
    }
}
