using System.Globalization;
using System.Net;

namespace PxeHost.Dhcp;

/// <summary>
/// A pool of addresses, FIRST to LAST inclusive, as an admin writes it: "FIRST-LAST" on an
/// interface's subnet, or "FIRST-LAST/PREFIX" for a subnet reached through a relay.
/// </summary>
public sealed record DhcpRange
{
    public DhcpRange(IPAddress first, IPAddress last, int? prefixLength = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(last);
        if (Ipv4.ToUInt32(first) > Ipv4.ToUInt32(last))
        {
            throw new ArgumentException($"{first} is above {last}", nameof(last));
        }

        First = first;
        Last = last;
        PrefixLength = prefixLength;
        Start = Ipv4.ToUInt32(first);
        End = Ipv4.ToUInt32(last);
    }

    public IPAddress First { get; }

    public IPAddress Last { get; }

    /// <summary>The subnet's prefix when the admin gave it (a relayed subnet); null: the interface's.</summary>
    public int? PrefixLength { get; }

    // Kept as numbers: the allocator walks the pool by them, once per candidate address.
    public uint Start { get; }

    public uint End { get; }

    public uint Size => End - Start + 1;

    public bool Contains(uint address) => address >= Start && address <= End;

    public bool Contains(IPAddress address) => Contains(Ipv4.ToUInt32(address));

    public bool Overlaps(DhcpRange other) => other is not null && Start <= other.End && other.Start <= End;

    /// <summary>Parses "FIRST-LAST" or "FIRST-LAST/PREFIX"; on failure <paramref name="reason"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out DhcpRange? range, out string reason)
    {
        range = null;
        reason = string.Empty;
        var slash = (text ?? string.Empty).Split('/');
        var bounds = slash[0].Split('-');
        if (slash.Length > 2 || bounds.Length != 2 || !Ipv4.TryParse(bounds[0], out var first) || !Ipv4.TryParse(bounds[1], out var last))
        {
            reason = $"'{text}' is not FIRST-LAST or FIRST-LAST/PREFIX (e.g. 10.0.0.100-10.0.0.200)";
            return false;
        }

        int? prefix = null;
        if (slash.Length == 2)
        {
            if (!int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out var given) || given is < 8 or > 30)
            {
                reason = $"'{text}': the prefix must be 8-30";
                return false;
            }

            prefix = given;
        }

        var mask = Ipv4.MaskOf(prefix ?? 32);
        if ((prefix is not null && (Ipv4.ToUInt32(first!) & mask) != (Ipv4.ToUInt32(last!) & mask)) || Ipv4.ToUInt32(first!) > Ipv4.ToUInt32(last!))
        {
            reason = prefix is null ? $"'{text}': FIRST must not be above LAST" : $"'{text}': FIRST and LAST must be in one /{prefix} subnet, FIRST <= LAST";
            return false;
        }

        range = new DhcpRange(first!, last!, prefix);
        return true;
    }

    public override string ToString() => PrefixLength is { } prefix ? $"{First}-{Last}/{prefix}" : $"{First}-{Last}";
}
