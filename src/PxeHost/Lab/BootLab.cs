using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Lab;

/// <summary>
/// A network namespace created by the test, holding the bridge <see cref="BridgeName"/> with the
/// server's address in a random private /24 (10.99.N.0/24, server 10.99.N.1), on which QEMU machines
/// network-boot through tap devices. Optional relayed segments hang off it behind a router.
/// Disposing kills every machine and program the lab started (by pid) and deletes its namespaces.
/// </summary>
public sealed class BootLab : IAsyncDisposable
{
    private readonly int _n;
    private readonly List<VirtualMachine> _machines = [];
    private readonly List<RelayedSegment> _segments = [];
    private readonly List<NamespacedProgram> _programs = [];
    private readonly List<PeerHost> _peers = [];
    private readonly Lock _gate = new();
    private int _taps;
    private int _disposed;

    private BootLab(string name, int n, string workDirectory)
    {
        _n = n;
        Namespace = name;
        WorkDirectory = workDirectory;
        Subnet = new IPNetwork(IPAddress.Parse($"10.99.{n}.0"), 24);
        ServerAddress = HostAddress(Subnet, 1);
    }

    public string Namespace { get; }

    public string BridgeName { get; } = "br0";

    public IPNetwork Subnet { get; }

    public int Prefix => Subnet.PrefixLength;

    public IPAddress ServerAddress { get; }

    /// <summary>A private folder for serial logs and firmware variables; deleted on dispose.</summary>
    public string WorkDirectory { get; }

    public static async Task<BootLab> CreateAsync()
    {
        var n = Random.Shared.Next(0, 256);
        var name = "pxlab" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var lab = new BootLab(name, n, ServedFolder.Create("pxehost-lab-"));
        try
        {
            await lab.SetUpAsync();
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    private async Task SetUpAsync()
    {
        await ChildProgram.RunCheckedAsync("ip", "netns", "add", Namespace);
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "set", "lo", "up");
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "add", BridgeName, "type", "bridge", "forward_delay", "0");
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "addr", "add", $"{ServerAddress}/{Prefix}", "dev", BridgeName);
        await ChildProgram.RunCheckedAsync("ip", "-n", Namespace, "link", "set", BridgeName, "up");
    }

    /// <summary>Host number <paramref name="host"/> of <see cref="Subnet"/> (1 is the server).</summary>
    public IPAddress AddressAt(int host) => HostAddress(Subnet, host);

    internal static IPAddress HostAddress(IPNetwork subnet, int host)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + (uint)host;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    /// <summary>A random locally administered MAC in QEMU's 52:54:00 block.</summary>
    public static PhysicalAddress NewMacAddress()
    {
        var bytes = new byte[] { 0x52, 0x54, 0x00, 0, 0, 0 };
        Random.Shared.NextBytes(bytes.AsSpan(3));
        return new PhysicalAddress(bytes);
    }

    /// <summary>
    /// Adds a router namespace joined to the lab bridge, with a bridge of its own for machines:
    /// segment k gets 10.(98−k).N.0/24 (gateway .1) and the address 10.99.N.(2+k) in the lab subnet.
    /// </summary>
    public async Task<RelayedSegment> AddRelayedSegmentAsync()
    {
        RelayedSegment segment;
        int index;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            index = _segments.Count;
            var subnet = new IPNetwork(IPAddress.Parse($"10.{98 - index}.{_n}.0"), 24);
            segment = new RelayedSegment($"{Namespace}-r{index}", subnet, HostAddress(Subnet, 2 + index));
            _segments.Add(segment);
        }

        await segment.SetUpAsync(Namespace, BridgeName, $"rl{index}", Prefix);
        return segment;
    }

    /// <summary>Adds another machine on the lab bridge at host number <paramref name="host"/> (say, the network's own DHCP server).</summary>
    public async Task<PeerHost> AddPeerHostAsync(int host)
    {
        PeerHost peer;
        int index;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            index = _peers.Count;
            peer = new PeerHost($"{Namespace}-p{index}", HostAddress(Subnet, host));
            _peers.Add(peer);
        }

        await peer.SetUpAsync(Namespace, BridgeName, $"pv{index}", Prefix);
        return peer;
    }

    /// <summary>
    /// Starts a QEMU machine that network-boots with <paramref name="firmware"/> from a new tap on the
    /// lab bridge, or on <paramref name="segment"/>'s bridge.
    /// </summary>
    public async Task<VirtualMachine> StartVmAsync(Firmware firmware, PhysicalAddress mac, RelayedSegment? segment = null, int memoryMiB = 512)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var tap = "tap" + Interlocked.Increment(ref _taps).ToString(CultureInfo.InvariantCulture);
        var machine = await VirtualMachine.StartAsync(
            segment?.Namespace ?? Namespace, segment?.BridgeName ?? BridgeName, tap, firmware, mac, memoryMiB, WorkDirectory);
        lock (_gate)
        {
            _machines.Add(machine);
        }

        return machine;
    }

    /// <summary>
    /// Starts a peer program in the lab namespace (say <c>dnsmasq --keep-in-foreground …</c>), waits
    /// until it prints <paramref name="ready"/> (unless null) and kills it when the lab is disposed.
    /// </summary>
    public async Task<NamespacedProgram> StartProgramAsync(string? ready, string file, params string[] arguments)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var program = NamespacedProgram.Start(Namespace, file, arguments);
        lock (_gate)
        {
            _programs.Add(program);
        }

        if (ready is not null)
        {
            await program.WaitForLineAsync(ready, TimeSpan.FromSeconds(30));
        }

        return program;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        List<IAsyncDisposable> owned;
        lock (_gate)
        {
            owned = [.. _machines, .. _programs, .. _segments, .. _peers];
        }

        // Clean up everything even when one part fails, then report what failed.
        var failures = new List<Exception>();
        foreach (var item in owned)
        {
            try
            {
                await item.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or IOException)
            {
                failures.Add(e);
            }
        }

        await ChildProgram.RunAsync("ip", ["netns", "delete", Namespace]);
        Directory.Delete(WorkDirectory, recursive: true);
        if (failures.Count > 0)
        {
            throw new AggregateException("the boot lab did not shut down cleanly", failures);
        }
    }
}
