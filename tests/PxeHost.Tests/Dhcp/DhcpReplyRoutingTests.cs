using System.Net;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Dhcp;

public sealed class DhcpReplyRoutingTests
{
    private static readonly DhcpMessage Discover = new() { ClientHardwareAddress = new byte[] { 0x52, 0x54, 0, 0x12, 0x34, 0x56 } };

    [Fact]
    public void Relayed_request_is_answered_to_the_relay_on_the_server_port()
    {
        var request = Discover with { GatewayAddress = IPAddress.Parse("10.99.1.1"), ClientAddress = IPAddress.Parse("10.99.1.50") };
        var destination = DhcpReplyRouting.Choose(request, DhcpMessageType.Offer);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.99.1.1"), 67), destination.EndPoint);
        Assert.False(destination.IsBroadcast);
    }

    [Fact]
    public void Relayed_nak_still_goes_to_the_relay()
    {
        var request = Discover with { GatewayAddress = IPAddress.Parse("10.99.1.1") };
        Assert.Equal(67, DhcpReplyRouting.Choose(request, DhcpMessageType.Nak).EndPoint.Port);
    }

    [Fact]
    public void Client_with_an_address_gets_a_unicast_on_the_client_port()
    {
        var request = Discover with { ClientAddress = IPAddress.Parse("10.99.0.20") };
        var destination = DhcpReplyRouting.Choose(request, DhcpMessageType.Ack);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.99.0.20"), 68), destination.EndPoint);
    }

    [Theory]
    [InlineData(DhcpMessage.BroadcastFlag, DhcpMessageType.Offer)]
    [InlineData((ushort)0, DhcpMessageType.Offer)]
    [InlineData((ushort)0, DhcpMessageType.Nak)]
    public void Client_without_an_address_gets_a_broadcast(ushort flags, DhcpMessageType reply)
    {
        var destination = DhcpReplyRouting.Choose(Discover with { Flags = flags }, reply);
        Assert.True(destination.IsBroadcast);
        Assert.Equal(new IPEndPoint(IPAddress.Broadcast, 68), destination.EndPoint);
        Assert.NotEmpty(destination.Rule);
    }

    [Fact]
    public void Nak_to_a_client_with_ciaddr_is_broadcast()
    {
        var request = Discover with { ClientAddress = IPAddress.Parse("10.99.0.20") };
        Assert.True(DhcpReplyRouting.Choose(request, DhcpMessageType.Nak).IsBroadcast);
    }
}
