using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Events;

/// <summary>
/// Which MAC holds which IPv4 address, as DHCP last said (the address a reply gave, the address a
/// client asked from) or the lease table knew at start: TFTP and HTTP requests carry only an address,
/// and this names the machine behind it. Bounded (<see cref="BoundedMap{TKey, TValue}"/>).
/// </summary>
public sealed class ClientDirectory(int capacity = 65536)
{
    private readonly BoundedMap<IPAddress, PhysicalAddress> _byAddress = new(capacity);

    public int Count => _byAddress.Count;

    /// <summary>Records that <paramref name="mac"/> holds <paramref name="address"/>; unspecified, broadcast and empty values are ignored.</summary>
    public void Record(IPAddress? address, PhysicalAddress? mac)
    {
        if (Normalized(address) is { } key && mac is not null && mac.GetAddressBytes().Length > 0)
        {
            _byAddress.Set(key, mac);
        }
    }

    public PhysicalAddress? Find(IPAddress? address) =>
        Normalized(address) is { } key ? _byAddress.GetValueOrDefault(key) : null;

    /// <summary>
    /// Kestrel reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d; DHCP knows them as a.b.c.d.
    /// </summary>
    private static IPAddress? Normalized(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return IPAddress.Any.Equals(v4) || IPAddress.Broadcast.Equals(v4) || IPAddress.IPv6Any.Equals(v4) ? null : v4;
    }
}
