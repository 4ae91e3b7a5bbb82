using System.Net;

namespace PxeHost.Dhcp;

/// <summary>
/// One subnet the DHCP server hands out addresses in: its pools, the reservations and the options
/// every client in it gets. Chosen by the interface a request arrived on, or by giaddr when relayed.
/// </summary>
public sealed record DhcpScope
{
    public required IPAddress Network { get; init; }

    public required int PrefixLength { get; init; }

    /// <summary>The pools, in address order and never overlapping; a subnet may have several.</summary>
    public required IReadOnlyList<DhcpRange> Ranges { get; init; }

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

    /// <summary>Addresses in all pools together.</summary>
    public uint PoolSize
    {
        get
        {
            uint size = 0;
            for (var i = 0; i < Ranges.Count; i++)
            {
                size += Ranges[i].Size;
            }

            return size;
        }
    }

    /// <summary>The pool address at <paramref name="index"/> (0 to <see cref="PoolSize"/> - 1), counting through the pools in order.</summary>
    public uint AddressAt(uint index)
    {
        // Indexed, not foreach: an interface's enumerator would be allocated once per candidate address.
        for (var i = 0; i < Ranges.Count; i++)
        {
            var range = Ranges[i];
            if (index < range.Size)
            {
                return range.Start + index;
            }

            index -= range.Size;
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"beyond the {PoolSize} addresses of {this}");
    }

    public bool Contains(IPAddress address) => Contains(Ipv4.ToUInt32(address));

    public bool Contains(uint address) => (address & Ipv4.MaskOf(PrefixLength)) == Ipv4.ToUInt32(Network);

    public bool InPool(uint address)
    {
        for (var i = 0; i < Ranges.Count; i++)
        {
            if (Ranges[i].Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same subnet (network and prefix), whatever the pools and options.</summary>
    public bool SameSubnet(DhcpScope other) => other is not null && PrefixLength == other.PrefixLength && Network.Equals(other.Network);

    public string Pools => string.Join(", ", Ranges.Select(r => $"{r.First}-{r.Last}"));

    public override string ToString() => $"{Network}/{PrefixLength} pool {Pools}";
}
