using System.Net;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Dhcp;

/// <summary>
/// The DHCP service's side of the boot-event stream: each request and what became of it, and which
/// MAC holds which address, so TFTP and HTTP requests (which carry only an address) find their machine.
/// </summary>
public sealed partial class DhcpServer
{
    private void PublishReceived(Received datagram, DhcpMessage request)
    {
        if (_events is null)
        {
            return;
        }

        var listener = datagram.Listener;
        var source = datagram.Source;
        var now = _time.GetUtcNow();
        var received = new DhcpRequestReceived
        {
            Time = now,
            Mac = request.ClientMacAddress,
            ClientIp = ClientAddressOf(listener, request, source),
            Request = request.MessageType,
            Interface = listener.Interface.Name,
            Relay = RelayOf(request),
            Architecture = request.ClientArchitecture,
            VendorClass = request.GetString(DhcpOptionCode.VendorClassIdentifier),
            Stage = BootClient.FromDhcp(request).Stage,
            ServerIdentifier = request.GetAddress(DhcpOptionCode.ServerIdentifier),
            Packets = [UdpPacket.Of(now, source, new IPEndPoint(datagram.Destination, listener.Port), datagram.Buffer.AsSpan(0, datagram.Length))],
        };
        _events.Publish(listener.IsBootServerPort ? new BootServerRequestReceived(received) : received);
    }

    private void PublishNotAnswered(DhcpListener listener, DhcpMessage request, string reason, bool routine = false) =>
        _events?.Publish(new DhcpNotAnswered
        {
            Mac = request.ClientMacAddress,
            ClientIp = NonZero(request.ClientAddress),
            Request = request.MessageType,
            Interface = listener.Interface.Name,
            Relay = RelayOf(request),
            Reason = reason,
            Routine = routine,
            BootServerPort = listener.IsBootServerPort,
        });

    /// <summary>
    /// A reply went out. The address it gives (yiaddr), or else the one the client asked from (ciaddr,
    /// or the source of a port 4011 request: proxyDHCP never gives an address) is now the client's.
    /// </summary>
    private void PublishAnswered(
        DhcpListener listener, DhcpMessage request, DhcpOutcome outcome, DhcpMessage reply, DhcpReplyDestination destination, byte[] sent, IPEndPoint sentTo)
    {
        if (_events is null)
        {
            return;
        }

        var offered = NonZero(reply.YourAddress);
        var clientIp = offered ?? NonZero(request.ClientAddress)
            ?? (listener.IsBootServerPort && RelayOf(request) is null ? NonZero(destination.EndPoint.Address) : null);
        _events.Clients.Record(clientIp, request.ClientMacAddress);
        var now = _time.GetUtcNow();
        var answered = new DhcpAnswered
        {
            Time = now,
            Mac = request.ClientMacAddress,
            ClientIp = clientIp,
            Request = request.MessageType,
            Interface = listener.Interface.Name,
            Relay = RelayOf(request),
            Reply = reply.MessageType,
            Offered = offered,
            BootFile = outcome.Boot?.BootFile,
            Reason = outcome.Reason,
            Rule = destination.Rule,
            Destination = destination.EndPoint,
            ServerIdentifier = reply.GetAddress(DhcpOptionCode.ServerIdentifier),
            Packets = [UdpPacket.Of(now, new IPEndPoint(listener.Interface.Address, listener.Port), sentTo, sent)],
        };
        _events.Publish(listener.IsBootServerPort ? new BootServerAnswered(answered) : answered);
    }

    /// <summary>The leases on record at start name their clients' addresses before any of them asks again.</summary>
    private void RememberClients(IEnumerable<Lease> leases, DateTimeOffset now)
    {
        foreach (var lease in leases.Where(l => l.IsActiveAt(now)))
        {
            _events?.Clients.Record(lease.Address, lease.Mac);
        }
    }

    /// <summary>The client's own address: ciaddr, or the source of a port 4011 request that came without a relay.</summary>
    private static IPAddress? ClientAddressOf(DhcpListener listener, DhcpMessage request, IPEndPoint source) =>
        NonZero(request.ClientAddress) ?? (listener.IsBootServerPort && RelayOf(request) is null ? NonZero(source.Address) : null);

    private static IPAddress? RelayOf(DhcpMessage request) => NonZero(request.GatewayAddress);

    private static IPAddress? NonZero(IPAddress address) => IPAddress.Any.Equals(address) ? null : address;
}
