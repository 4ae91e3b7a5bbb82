using System.Net;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;
using static PxeHost.Tests.Support.DhcpAssert;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// RFC 2131 §4.3.2 by client state: relayed clients renewing, releasing and informing by unicast (no
/// giaddr), INIT-REBOOT from a client this server has no record of, a SELECTING REQUEST for another
/// server, and a reserved machine whose address was declined.
/// </summary>
public sealed class DhcpResponderClientStateTests : IAsyncDisposable
{
    private static readonly IPAddress Server = DhcpCaptures.CapturedServer;
    private static readonly IPAddress Relay = IPAddress.Parse("10.98.0.1");
    private const string Client = "52:54:00:00:00:40";
    private const string Reserved = "52:54:00:00:00:20";

    private static readonly DhcpScope Local = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.150"))],
        Reservations = [new DhcpReservation(DhcpCaptures.Mac(Reserved), IPAddress.Parse("10.99.0.20"), "vm20")],
    };

    /// <summary>Served only through a relay; no routers configured, so the relay is the router.</summary>
    private static readonly DhcpScope Relayed = new()
    {
        Network = IPAddress.Parse("10.98.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.98.0.100"), IPAddress.Parse("10.98.0.110"))],
        LeaseTime = TimeSpan.FromHours(2),
    };

    private readonly ManualTimeProvider _time = new();
    private readonly MemoryLeaseStore _leases;
    private readonly DhcpResponder _responder;

    public DhcpResponderClientStateTests()
    {
        _leases = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [Local, Relayed] }, _time);
        _responder = new DhcpResponder([Local, Relayed], _leases, TestPolicies.Flags());
    }

    public ValueTask DisposeAsync() => _leases.DisposeAsync();

    private DhcpOutcome Respond(DhcpMessage request, DhcpScope? arrival) => Completed.Now(_responder.RespondAsync(request, Server, arrival));

    private DhcpOutcome Respond(DhcpMessage request) => Respond(request, Local);

    private Lease? Find(string address) => Completed.Now(_leases.FindAsync(IPAddress.Parse(address), CancellationToken.None));

    private static DhcpOption Requested(string address) => DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse(address));

    private static DhcpOption ServerId(IPAddress server) => DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, server);

    /// <summary>DISCOVER and SELECTING REQUEST through the relay: the client holds 10.98.0.100.</summary>
    private void LeaseThroughTheRelay()
    {
        var offer = Respond(DhcpCaptures.Request(Client, DhcpMessageType.Discover) with { GatewayAddress = Relay, Hops = 1 }).Reply!;
        Assert.Equal(IPAddress.Parse("10.98.0.100"), offer.YourAddress);
        var request = DhcpCaptures.Request(Client, DhcpMessageType.Request, Requested("10.98.0.100"), ServerId(Server)) with { GatewayAddress = Relay, Hops = 1 };
        Assert.Equal(DhcpMessageType.Ack, Respond(request).ReplyType);
    }

    private static DhcpMessage Renewal(string ciaddr) =>
        DhcpCaptures.Request(Client, DhcpMessageType.Request) with { ClientAddress = IPAddress.Parse(ciaddr) };

    [Fact]
    public void Relayed_client_renewing_by_unicast_is_acked_from_the_scope_of_ciaddr_with_the_relay_as_router()
    {
        LeaseThroughTheRelay();
        _time.Advance(TimeSpan.FromHours(1));

        // RENEWING (RFC 2131 §4.3.2): unicast from ciaddr, no giaddr, arriving on the server's own interface.
        var renewal = Renewal("10.98.0.100");
        var outcome = Respond(renewal);

        var ack = outcome.Reply!;
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        AnswersTo(renewal, ack);
        Assert.Equal(IPAddress.Parse("10.98.0.100"), ack.YourAddress);
        Options(ack,
            (DhcpOptionCode.MessageType, [(byte)DhcpMessageType.Ack]),
            (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
            (DhcpOptionCode.LeaseTime, Seconds(7200)),
            (DhcpOptionCode.RenewalTime, Seconds(3600)),
            (DhcpOptionCode.RebindingTime, Seconds(6300)),
            (DhcpOptionCode.SubnetMask, Address("255.255.255.0")),
            (DhcpOptionCode.BroadcastAddress, Address("10.98.0.255")),
            (DhcpOptionCode.Router, Address("10.98.0.1")));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.98.0.100"), 68), outcome.Destination!.EndPoint);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(2), Assert.Single(outcome.Changed).Expires);
    }

    [Fact]
    public void Relayed_client_renewing_on_a_server_interface_without_a_pool_is_acked()
    {
        LeaseThroughTheRelay();
        var outcome = Respond(Renewal("10.98.0.100"), arrival: null);
        Assert.Equal(DhcpMessageType.Ack, outcome.ReplyType);
        Assert.Equal(IPAddress.Parse("10.98.0.100"), outcome.Reply!.YourAddress);
    }

    [Fact]
    public void Relayed_client_releasing_by_unicast_frees_its_lease()
    {
        LeaseThroughTheRelay();
        var release = DhcpCaptures.Request(Client, DhcpMessageType.Release, ServerId(Server)) with { ClientAddress = IPAddress.Parse("10.98.0.100") };
        var outcome = Respond(release);

        Assert.Null(outcome.Reply);
        Assert.Equal(LeaseState.Released, Assert.Single(outcome.Changed).State);
        Assert.Equal(LeaseState.Released, Find("10.98.0.100")!.State);
    }

    [Fact]
    public void Decline_without_giaddr_is_taken_in_the_scope_of_the_declined_address()
    {
        LeaseThroughTheRelay();
        var decline = DhcpCaptures.Request(Client, DhcpMessageType.Decline, Requested("10.98.0.100"), ServerId(Server));
        var outcome = Respond(decline);

        Assert.Equal(LeaseState.Declined, Assert.Single(outcome.Changed).State);
        Assert.Equal(LeaseState.Declined, Find("10.98.0.100")!.State);
    }

    [Fact]
    public void Relayed_client_informing_by_unicast_gets_its_own_subnet_settings()
    {
        var inform = DhcpCaptures.Request(Client, DhcpMessageType.Inform) with { ClientAddress = IPAddress.Parse("10.98.0.50") };
        var outcome = Respond(inform);

        var ack = outcome.Reply!;
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(Address("10.98.0.255"), ack.GetOption(DhcpOptionCode.BroadcastAddress)!.Value.ToArray());
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.98.0.50"), 68), outcome.Destination!.EndPoint);
    }

    [Fact]
    public void Init_reboot_from_a_client_without_a_record_here_gets_no_reply()
    {
        // RFC 2131 §4.3.2: "If the DHCP server has no record of this client, then it MUST remain silent":
        // another server on this wire (10.99.0.60 is outside this server's pool) may have leased it.
        foreach (var address in new[] { "10.99.0.60", "10.99.0.130" })
        {
            var outcome = Respond(DhcpCaptures.Request(Client, DhcpMessageType.Request, Requested(address)));
            Assert.Null(outcome.Reply);
            Assert.Contains("no record of this client", outcome.Reason, StringComparison.Ordinal);
            Assert.Empty(outcome.Changed);
            Assert.Null(Find(address));
        }
    }

    [Fact]
    public void Init_reboot_from_a_known_client_is_acked_and_for_an_address_taken_here_naked()
    {
        var discover = DhcpCaptures.Request(Client, DhcpMessageType.Discover);
        var offered = Respond(discover).Reply!.YourAddress.ToString();
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Request(Client, DhcpMessageType.Request, Requested(offered), ServerId(Server))).ReplyType);

        // The client reboots and asks for its address again: this server leased it, so it answers.
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Request(Client, DhcpMessageType.Request, Requested(offered))).ReplyType);

        // Another machine asks for that address: its notion is wrong, and the address is on record here.
        var nak = Respond(DhcpCaptures.Request("52:54:00:00:00:41", DhcpMessageType.Request, Requested(offered))).Reply!;
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);

        // A reserved machine is known by its reservation even before its first lease.
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Request(Reserved, DhcpMessageType.Request, Requested("10.99.0.20"))).ReplyType);
    }

    [Fact]
    public void Init_reboot_from_a_client_on_record_at_another_address_is_naked()
    {
        var offered = Respond(DhcpCaptures.Request(Client, DhcpMessageType.Discover)).Reply!.YourAddress.ToString();
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Request(Client, DhcpMessageType.Request, Requested(offered), ServerId(Server))).ReplyType);

        // It comes back from another network (or a stale record) asking for a free address: its notion is
        // wrong and this server knows it, so a NAK sends it to DISCOVER, and to its own address.
        var outcome = Respond(DhcpCaptures.Request(Client, DhcpMessageType.Request, Requested("10.99.0.140")));
        Assert.Equal(DhcpMessageType.Nak, outcome.ReplyType);
        Assert.Contains($"on record here at {offered}", outcome.Reason, StringComparison.Ordinal);
        Assert.Null(Find("10.99.0.140"));
    }

    [Fact]
    public void Selecting_request_for_another_server_gives_the_offered_address_back_at_once()
    {
        var offer = Respond(DhcpCaptures.Request(Client, DhcpMessageType.Discover)).Reply!;
        Assert.Equal(IPAddress.Parse("10.99.0.100"), offer.YourAddress);
        Assert.Equal(1, _leases.PendingOffers);

        var other = IPAddress.Parse("10.99.0.2");
        var outcome = Respond(DhcpCaptures.Request(Client, DhcpMessageType.Request, Requested("10.99.0.150"), ServerId(other)));

        Assert.Null(outcome.Reply);
        Assert.True(outcome.Routine);
        Assert.Equal("the client chose server 10.99.0.2; 10.99.0.100 back to the pool", outcome.Reason);
        Assert.Equal(0, _leases.PendingOffers);
        var next = Respond(DhcpCaptures.Request("52:54:00:00:00:41", DhcpMessageType.Discover, Requested("10.99.0.100"))).Reply!;
        Assert.Equal(IPAddress.Parse("10.99.0.100"), next.YourAddress);
    }

    [Fact]
    public void Reserved_machine_whose_address_was_declined_gets_a_pool_address_until_the_quarantine_ends()
    {
        var discover = DhcpCaptures.Request(Reserved, DhcpMessageType.Discover);
        Assert.Equal(IPAddress.Parse("10.99.0.20"), Respond(discover).Reply!.YourAddress);
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Request(Reserved, DhcpMessageType.Request, Requested("10.99.0.20"), ServerId(Server))).ReplyType);

        // Its ARP check found a static host on 10.99.0.20 (RFC 2131 §3.1 step 5).
        Assert.Equal(LeaseState.Declined, Assert.Single(Respond(DhcpCaptures.Request(Reserved, DhcpMessageType.Decline, Requested("10.99.0.20"), ServerId(Server))).Changed).State);

        var meanwhile = Respond(discover);
        Assert.Equal(IPAddress.Parse("10.99.0.100"), meanwhile.Reply!.YourAddress);
        Assert.StartsWith("reserved 10.99.0.20 unavailable: 10.99.0.20 was declined until", meanwhile.Reason, StringComparison.Ordinal);
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Request(Reserved, DhcpMessageType.Request, Requested("10.99.0.100"), ServerId(Server))).ReplyType);

        _time.Advance(_responder.DeclineQuarantine + TimeSpan.FromSeconds(1));
        var after = Respond(discover);
        Assert.Equal(IPAddress.Parse("10.99.0.20"), after.Reply!.YourAddress);
        Assert.Equal("reservation", after.Reason);
    }
}
