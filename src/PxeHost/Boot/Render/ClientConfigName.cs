using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace PxeHost.Boot.Render;

/// <summary>
/// The per-client name parts PXELINUX and GRUB build alike: both print the UUID's 16 bytes in wire
/// order, lower-case, dashed 4-2-2-2-6 (syslinux core/sysappend.c, GRUB net/bootp.c); both prefix the
/// lower-case MAC with the ARP type (PXELINUX BOOTIF string, GRUB grub_net_search_config_file); both
/// print the IPv4 address as <c>%08X</c> and drop one hex digit at a time, down to one.
/// </summary>
internal static class ClientConfigName
{
    /// <summary>
    /// The UUID as the loaders print it. <see cref="Guid"/> holds option 97 as <see cref="BootClient"/>
    /// reads it (first three fields little-endian), so <see cref="Guid.ToByteArray()"/> gives back the
    /// bytes as they came on the wire, which is the order the loaders print.
    /// </summary>
    public static string Uuid(Guid uuid)
    {
        var hex = Convert.ToHexStringLower(uuid.ToByteArray());
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public static string Mac(PhysicalAddress mac) =>
        "01-" + string.Join('-', mac.GetAddressBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>The IPv4 address and its prefixes, longest first: C0A80164, C0A8016, … C. None for IPv6.</summary>
    public static IEnumerable<string> IpPrefixes(IPAddress? ip)
    {
        if (ip is null)
        {
            yield break;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily != AddressFamily.InterNetwork)
        {
            yield break;
        }

        var hex = Convert.ToHexString(ip.GetAddressBytes());
        for (var length = hex.Length; length > 0; length--)
        {
            yield return hex[..length];
        }
    }

    public static bool TryParseUuid(string name, out Guid uuid)
    {
        uuid = Guid.Empty;
        if (name.Length != 36 || name[8] != '-' || name[13] != '-' || name[18] != '-' || name[23] != '-')
        {
            return false;
        }

        var hex = name.Replace("-", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        uuid = new Guid(Convert.FromHexString(hex));
        return true;
    }

    /// <summary>"01-" and six dashed hex pairs: an Ethernet MAC.</summary>
    public static bool TryParseMac(string name, out PhysicalAddress mac)
    {
        mac = PhysicalAddress.None;
        if (name.Length != 3 + (6 * 3) - 1 || !name.StartsWith("01-", StringComparison.Ordinal))
        {
            return false;
        }

        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            var at = 3 + (i * 3);
            if ((i > 0 && name[at - 1] != '-')
                || !byte.TryParse(name.AsSpan(at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        mac = new PhysicalAddress(bytes);
        return true;
    }

    /// <summary>1 to 8 hex digits: the IPv4 addresses starting with them, e.g. C0A8016 → 192.168.1.96/28.</summary>
    public static bool TryParseIpPrefix(string name, out IPNetwork network)
    {
        network = default;
        if (name.Length is < 1 or > 8 || !name.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        var value = uint.Parse(name.PadRight(8, '0'), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        network = new IPNetwork(new IPAddress(bytes), name.Length * 4);
        return true;
    }

    /// <summary>A requested TFTP path as the loaders send it: without a leading slash, with / separators.</summary>
    public static string Normalise(string requestedPath)
    {
        var path = new StringBuilder(requestedPath.Replace('\\', '/'));
        while (path.Length > 0 && path[0] == '/')
        {
            path.Remove(0, 1);
        }

        return path.ToString();
    }
}
