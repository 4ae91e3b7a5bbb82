using System.Net;

namespace PxeHost.Dhcp;

/// <summary>
/// One subnet the DHCP server hands out addresses in: the pool, the reservations and the options
/// every client in it gets. Chosen by the interface a request arrived on, or by giaddr when relayed.
/// </summary>
public sealed record DhcpScope
{
    public required IPAddress Network { get; init; }

    public required int PrefixLength { get; init; }

    public required IPAddress RangeStart { get; init; }

    public required IPAddress RangeEnd { get; init; }

    /// <summary>Option 3. Empty for a local scope means none; a relayed scope defaults to the relay (giaddr).</summary>
    public IReadOnlyList<IPAddress> Routers { get; init; } = [];

    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    public IReadOnlyList<IPAddress> NtpServers { get; init; } = [];

    public string? DomainName { get; init; }

    public int? Mtu { get; init; }

    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(1);

    public IReadOnlyList<DhcpReservation> Reservations { get; init; } = [];

    public IPAddress SubnetMask => Ipv4.ToAddress(Ipv4.MaskOf(PrefixLength));

    public IPAddress BroadcastAddress => Ipv4.ToAddress(Ipv4.ToUInt32(Network) | ~Ipv4.MaskOf(PrefixLength));

    public uint First => Ipv4.ToUInt32(RangeStart);

    public uint Last => Ipv4.ToUInt32(RangeEnd);

    public int PoolSize => (int)(Last - First + 1);

    public bool Contains(IPAddress address) => Contains(Ipv4.ToUInt32(address));

    public bool Contains(uint address) => (address & Ipv4.MaskOf(PrefixLength)) == Ipv4.ToUInt32(Network);

    public bool InPool(uint address) => address >= First && address <= Last;

    public override string ToString() => $"{Network}/{PrefixLength} pool {RangeStart}-{RangeEnd}";
}
