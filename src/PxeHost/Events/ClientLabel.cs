using System.Globalization;
using System.Net;
using PxeHost.Storage;

namespace PxeHost.Events;

/// <summary>
/// How a TFTP or HTTP log line names its client: the MAC first when the server has seen that address in
/// DHCP (as DHCP lines begin), then the address — <c>52:54:00:12:34:56 (10.99.0.100:2070)</c>; the
/// address alone for a client it never gave boot information to.
/// </summary>
public readonly record struct ClientLabel(string Text)
{
    public static ClientLabel Of(IPEndPoint endpoint, ClientDirectory? clients)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return With(endpoint.ToString(), clients?.Find(endpoint.Address));
    }

    public static ClientLabel Of(IPAddress? address, ClientDirectory? clients) =>
        With(address?.ToString() ?? "-", clients?.Find(address));

    private static ClientLabel With(string address, System.Net.NetworkInformation.PhysicalAddress? mac) =>
        new(mac is null ? address : string.Create(CultureInfo.InvariantCulture, $"{MacAddressText.Format(mac)} ({address})"));

    public override string ToString() => Text;
}
