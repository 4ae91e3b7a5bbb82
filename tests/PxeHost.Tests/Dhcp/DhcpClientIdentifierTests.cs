using System.Net;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// Option 61: the client identifier, when present, is who the client is (RFC 2131 §4.2) — two clients
/// behind one MAC (two OS installs, a relay's clients) are two clients — and it comes back in every reply
/// (RFC 6842 §3). A client without one is known by its MAC, and PXE firmware without an identifier and
/// the iPXE it loads (identifier 01 + MAC) keep one address.
/// </summary>
public sealed class DhcpClientIdentifierTests
{
    private const string Mac = "52:54:00:00:00:42";
    private static readonly IPAddress Server = IPAddress.Parse("10.99.0.1");

    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.150"))],
    };

    private readonly DhcpResponder _responder = new([Scope], new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [Scope] }, new ManualTimeProvider()), TestPolicies.Flags());

    private static DhcpOption ClientId(params byte[] id) => new(DhcpOptionCode.ClientIdentifier, id);

    private static DhcpMessage Message(DhcpMessageType type, DhcpOption? clientId, IPAddress? requested = null)
    {
        var options = new List<DhcpOption>();
        if (clientId is not null)
        {
            options.Add(clientId);
        }

        if (requested is not null)
        {
            options.Add(DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, requested));
        }

        // A REQUEST here answers an offer (SELECTING, which names its server): without option 54 it would be
        // an INIT-REBOOT, which an unknown client gets no answer to.
        if (type == DhcpMessageType.Request)
        {
            options.Add(DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, Server));
        }

        return DhcpCaptures.Request(Mac, type, [.. options]);
    }

    private async Task<DhcpMessage> RespondAsync(DhcpMessageType type, DhcpOption? clientId, IPAddress? requested = null) =>
        (await _responder.RespondAsync(Message(type, clientId, requested), Server, Scope)).Reply!;

    [Fact]
    public async Task Two_identifiers_behind_one_mac_are_two_clients()
    {
        var first = await RespondAsync(DhcpMessageType.Discover, ClientId(0, (byte)'a'));
        var second = await RespondAsync(DhcpMessageType.Discover, ClientId(0, (byte)'b'));
        Assert.NotEqual(first.YourAddress, second.YourAddress);

        var ack = await RespondAsync(DhcpMessageType.Request, ClientId(0, (byte)'a'), first.YourAddress);
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        var nak = await RespondAsync(DhcpMessageType.Request, ClientId(0, (byte)'b'), first.YourAddress);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
    }

    [Fact]
    public async Task Firmware_without_an_identifier_and_ipxe_with_one_keep_one_address()
    {
        var rom = await RespondAsync(DhcpMessageType.Discover, null);
        Assert.Equal(DhcpMessageType.Ack, (await RespondAsync(DhcpMessageType.Request, null, rom.YourAddress)).MessageType);

        var ipxe = ClientId(1, 0x52, 0x54, 0, 0, 0, 0x42);
        Assert.Equal(rom.YourAddress, (await RespondAsync(DhcpMessageType.Discover, ipxe)).YourAddress);
        Assert.Equal(DhcpMessageType.Ack, (await RespondAsync(DhcpMessageType.Request, ipxe, rom.YourAddress)).MessageType);
    }

    [Fact]
    public async Task Offer_ack_and_nak_echo_the_identifier_as_sent()
    {
        var id = ClientId(0xff, 0, 0, 0, 7, 0, 1, 0, 1, 0x2a);
        var offer = await RespondAsync(DhcpMessageType.Discover, id);
        var ack = await RespondAsync(DhcpMessageType.Request, id, offer.YourAddress);
        var nak = await RespondAsync(DhcpMessageType.Request, id, IPAddress.Parse("10.99.0.250"));

        foreach (var reply in new[] { offer, ack, nak })
        {
            Assert.Equal(id.Value.ToArray(), reply.GetOption(DhcpOptionCode.ClientIdentifier)!.Value.ToArray());
        }

        Assert.Null((await RespondAsync(DhcpMessageType.Discover, null)).GetOption(DhcpOptionCode.ClientIdentifier));
    }

    [Fact]
    public void ProxyDhcp_replies_echo_the_identifier()
    {
        var discover = DhcpCaptures.Load("ovmf-pxe-discover").With(ClientId(1, 0x52, 0x54, 0, 0, 0, 0x42));
        var offer = new ProxyDhcpResponder(TestPolicies.Flags()).Respond(discover, Server, new IPEndPoint(IPAddress.Any, 68), false).Reply!;

        Assert.Equal([1, 0x52, 0x54, 0, 0, 0, 0x42], offer.GetOption(DhcpOptionCode.ClientIdentifier)!.Value.ToArray());
    }
}
