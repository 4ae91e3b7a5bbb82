using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

/// <summary>
/// RFC 2131 §4.1, "where does the reply go", as one pure function: through the relay when giaddr is
/// set, to ciaddr when the client has an address, else broadcast. Unicasting to yiaddr before the
/// client has an address needs an ARP entry a user-space server cannot add, so those replies are
/// broadcast, as dnsmasq does; every client accepts a broadcast reply.
/// </summary>
public static class DhcpReplyRouting
{
    public const int ServerPort = 67;
    public const int ClientPort = 68;

    public static DhcpReplyDestination Choose(DhcpMessage request, DhcpMessageType reply)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IPAddress.Any.Equals(request.GatewayAddress))
        {
            // The relay delivers to the client; for a NAK it must broadcast (the caller sets the flag).
            return new(new IPEndPoint(request.GatewayAddress, ServerPort), false, "relayed: to giaddr, port 67");
        }

        if (reply == DhcpMessageType.Nak)
        {
            return Broadcast("NAK without relay: broadcast");
        }

        if (!IPAddress.Any.Equals(request.ClientAddress))
        {
            return new(new IPEndPoint(request.ClientAddress, ClientPort), false, "client has ciaddr: unicast to it");
        }

        return Broadcast(request.IsBroadcast ? "broadcast bit set" : "no address yet: broadcast (no ARP from user space)");
    }

    private static DhcpReplyDestination Broadcast(string rule) =>
        new(new IPEndPoint(IPAddress.Broadcast, ClientPort), true, rule);
}
