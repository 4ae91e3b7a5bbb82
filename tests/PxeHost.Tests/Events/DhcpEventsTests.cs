using System.Net;
using System.Net.Sockets;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Events;

/// <summary>
/// The real DHCP service on loopback publishes each request and what became of it — the reply, its
/// reason and the RFC 2131 §4.1 rule that routed it — and learns which MAC holds the client's address.
/// </summary>
public sealed class DhcpEventsTests
{
    private const string Mac = "52:54:00:00:00:42";

    [Fact]
    public async Task An_inform_is_published_as_received_then_answered_with_its_rule_and_reason()
    {
        var stream = new BootEventStream(TimeProvider.System);
        using var events = stream.Subscribe(e => DhcpCaptures.Mac(Mac).Equals(e.Mac));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var harness = await LoopbackDhcp.StartAsync(((IPEndPoint)client.LocalEndPoint!).Port, stream);
        var server = new IPEndPoint(IPAddress.Loopback, harness.ServerPort);

        var request = DhcpCaptures.Request(Mac, DhcpMessageType.Inform,
            DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00007:UNDI:003016"),
            DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, (ushort)ClientArchitecture.EfiBc));
        var inform = request with { ClientAddress = IPAddress.Loopback };
        await client.SendToAsync(DhcpMessageCodec.ToArray(inform), server);

        var received = await events.NextAsync<DhcpRequestReceived>();
        Assert.IsNotType<BootServerRequestReceived>(received);
        Assert.Equal((DhcpMessageType.Inform, "lo", IPAddress.Loopback, null), (received.Request, received.Interface, received.ClientIp, received.Relay));
        Assert.Equal("PXEClient:Arch:00007:UNDI:003016", received.VendorClass);
        Assert.Equal(ClientArchitecture.EfiBc, received.Architecture);

        // The timeline starts a new boot at firmware's DISCOVER, not iPXE's: the request says which.
        Assert.Equal(FirmwareStage.Firmware, received.Stage);

        var answered = await events.NextAsync<DhcpAnswered>();
        Assert.Equal(DhcpMessageType.Ack, answered.Reply);
        Assert.Equal("inform", answered.Reason);
        Assert.Equal("client has ciaddr: unicast to it", answered.Rule);
        Assert.Equal(IPAddress.Loopback, answered.Destination.Address);
        Assert.Null(answered.Offered);
        Assert.Equal(IPAddress.Loopback, answered.ClientIp);
        Assert.True(received.Time <= answered.Time);

        // Each carries its datagram as it crossed the wire, for a capture file: the request as sent, the reply as the client got it.
        var asked = Assert.Single(received.Packets);
        Assert.Equal((client.LocalEndPoint, server.Port), (asked.Source, asked.Destination.Port));
        Assert.Equal(DhcpMessageCodec.ToArray(inform), asked.Payload.ToArray());
        var reply = Assert.Single(answered.Packets);
        Assert.Equal((server.Port, client.LocalEndPoint), (reply.Source.Port, reply.Destination));
        Assert.True(DhcpMessageCodec.TryParse(reply.Payload.Span, out var ack, out _));
        Assert.Equal((DhcpMessageType.Ack, reply.Length), (ack!.MessageType, reply.Payload.Length));
        Assert.Equal(ack.GetAddress(DhcpOptionCode.ServerIdentifier), answered.ServerIdentifier);
        Assert.NotNull(answered.ServerIdentifier);

        // A TFTP or HTTP request from that address now names this machine.
        Assert.Equal(DhcpCaptures.Mac(Mac), stream.Clients.Find(IPAddress.Loopback));
    }

    [Fact]
    public async Task A_request_for_another_server_is_published_as_not_answered_with_the_reason()
    {
        var stream = new BootEventStream(TimeProvider.System);
        using var events = stream.Subscribe();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var harness = await LoopbackDhcp.StartAsync(((IPEndPoint)client.LocalEndPoint!).Port, stream);

        var request = DhcpCaptures.Request(Mac, DhcpMessageType.Request,
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("127.9.9.9")),
            DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("127.0.0.120")));
        await client.SendToAsync(DhcpMessageCodec.ToArray(request), new IPEndPoint(IPAddress.Loopback, harness.ServerPort));

        var received = await events.NextAsync<DhcpRequestReceived>();
        Assert.Equal(IPAddress.Parse("127.9.9.9"), received.ServerIdentifier);
        var silent = await events.NextAsync<DhcpNotAnswered>();
        Assert.Equal(DhcpCaptures.Mac(Mac), silent.Mac);
        Assert.Equal(DhcpMessageType.Request, silent.Request);
        Assert.Equal("the client chose server 127.9.9.9", silent.Reason);
        Assert.True(silent.Routine);
        Assert.False(silent.BootServerPort);
        Assert.Equal(1, harness.Metrics.Total(MetricNames.DhcpDropped));
    }
}
