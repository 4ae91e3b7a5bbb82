using System.Net;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;
using static PxeHost.Tests.Support.DhcpAssert;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// Full-mode RFC 2131 §4.3 decisions, fed with the captured DISCOVER and REQUEST of dhclient (and
/// requests built from it): the reply type, its exact options, yiaddr/ciaddr, and where it goes.
/// </summary>
public sealed class DhcpResponderTests : IAsyncDisposable
{
    private static readonly IPAddress Server = DhcpCaptures.CapturedServer;
    private static readonly IPAddress Relay = IPAddress.Parse("10.98.0.1");

    private static readonly DhcpScope Local = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.150"))],
        Routers = [IPAddress.Parse("10.99.0.254")],
        DnsServers = [IPAddress.Parse("10.99.0.53")],
        DomainName = "lab.test",
        Reservations = [new DhcpReservation(DhcpCaptures.Mac("52:54:00:00:00:20"), IPAddress.Parse("10.99.0.20"), "vm20")],
    };

    /// <summary>Served only through a relay; no routers configured, so the relay is the router.</summary>
    private static readonly DhcpScope Relayed = new()
    {
        Network = IPAddress.Parse("10.98.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.98.0.100"), IPAddress.Parse("10.98.0.110"))],
        LeaseTime = TimeSpan.FromHours(2),
    };

    private static readonly (DhcpOptionCode, byte[])[] LocalOptions =
    [
        (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
        (DhcpOptionCode.SubnetMask, Address("255.255.255.0")),
        (DhcpOptionCode.BroadcastAddress, Address("10.99.0.255")),
        (DhcpOptionCode.Router, Address("10.99.0.254")),
        (DhcpOptionCode.DomainNameServer, Address("10.99.0.53")),
        (DhcpOptionCode.DomainName, Text("lab.test")),
    ];

    /// <summary>One hour: T1 = 1800 s, T2 = 7/8 × 3600 = 3150 s.</summary>
    private static readonly (DhcpOptionCode, byte[])[] OneHourLease =
    [
        (DhcpOptionCode.LeaseTime, Seconds(3600)),
        (DhcpOptionCode.RenewalTime, Seconds(1800)),
        (DhcpOptionCode.RebindingTime, Seconds(3150)),
    ];

    private readonly ManualTimeProvider _time = new();
    private readonly MemoryLeaseStore _leases;
    private readonly DhcpResponder _responder;

    public DhcpResponderTests()
    {
        _leases = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [Local, Relayed] }, _time);
        _responder = new DhcpResponder([Local, Relayed], _leases, TestPolicies.Flags());
    }

    public ValueTask DisposeAsync() => _leases.DisposeAsync();

    private static (DhcpOptionCode, byte[]) Type(DhcpMessageType type) => (DhcpOptionCode.MessageType, [(byte)type]);

    /// <summary>The in-memory store decides at once, so the outcome is there when the call returns.</summary>
    private DhcpOutcome Respond(DhcpMessage request) => Completed.Now(_responder.RespondAsync(request, Server, Local));

    private Lease? Find(string address) => Completed.Now(_leases.FindAsync(IPAddress.Parse(address), CancellationToken.None));

    [Fact]
    public void Discover_gets_an_offer_from_the_pool_with_the_scope_options_broadcast()
    {
        var discover = DhcpCaptures.Load("dhclient-discover");
        var outcome = Respond(discover);

        var offer = outcome.Reply!;
        AnswersTo(discover, offer);
        Options(offer, [Type(DhcpMessageType.Offer), .. OneHourLease, .. LocalOptions]);
        Assert.Equal(IPAddress.Parse("10.99.0.100"), offer.YourAddress);
        Assert.Equal(IPAddress.Any, offer.ClientAddress);
        Assert.Equal(IPAddress.Any, offer.ServerAddress);
        Assert.Equal(string.Empty, offer.BootFileName);
        Assert.Equal(new IPEndPoint(IPAddress.Broadcast, 68), outcome.Destination!.EndPoint);
        Assert.Empty(outcome.Changed);
    }

    [Fact]
    public void Selecting_request_naming_this_server_gets_an_ack_and_a_lease_to_store()
    {
        var request = DhcpCaptures.Load("dhclient-request");
        var outcome = Respond(request);

        var ack = outcome.Reply!;
        AnswersTo(request, ack);
        Options(ack, [Type(DhcpMessageType.Ack), .. OneHourLease, .. LocalOptions]);
        Assert.Equal(IPAddress.Parse("10.99.0.116"), ack.YourAddress);
        var lease = Assert.Single(outcome.Changed);
        Assert.Equal((IPAddress.Parse("10.99.0.116"), LeaseState.Active, "vm"), (lease.Address, lease.State, lease.Hostname));
        Assert.True(outcome.Destination!.IsBroadcast);
    }

    [Fact]
    public void Reserved_client_gets_its_address_and_host_name()
    {
        var discover = DhcpCaptures.Request("52:54:00:00:00:20", DhcpMessageType.Discover);
        var offer = Respond(discover).Reply!;
        Assert.Equal(IPAddress.Parse("10.99.0.20"), offer.YourAddress);
        Options(offer, [Type(DhcpMessageType.Offer), .. OneHourLease, .. LocalOptions, (DhcpOptionCode.HostName, Text("vm20"))]);

        var request = DhcpCaptures.Request("52:54:00:00:00:20", DhcpMessageType.Request,
            DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, offer.YourAddress),
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, Server));
        var ack = Respond(request).Reply!;
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(Text("vm20"), ack.GetOption(DhcpOptionCode.HostName)!.Value.ToArray());
    }

    [Fact]
    public void Relayed_discover_is_served_from_the_scope_of_giaddr_with_the_relay_as_router()
    {
        var discover = DhcpCaptures.Load("dhclient-discover") with { GatewayAddress = Relay, Hops = 1 };
        var outcome = Respond(discover);

        var offer = outcome.Reply!;
        AnswersTo(discover, offer);
        Assert.Equal(IPAddress.Parse("10.98.0.100"), offer.YourAddress);
        Options(offer,
            Type(DhcpMessageType.Offer),
            (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
            (DhcpOptionCode.LeaseTime, Seconds(7200)),
            (DhcpOptionCode.RenewalTime, Seconds(3600)),
            (DhcpOptionCode.RebindingTime, Seconds(6300)),
            (DhcpOptionCode.SubnetMask, Address("255.255.255.0")),
            (DhcpOptionCode.BroadcastAddress, Address("10.98.0.255")),
            (DhcpOptionCode.Router, Address("10.98.0.1")));
        Assert.Equal(new IPEndPoint(Relay, 67), outcome.Destination!.EndPoint);
        Assert.False(outcome.Destination.IsBroadcast);
    }

    [Fact]
    public void Relayed_request_from_a_subnet_without_a_scope_is_not_answered()
    {
        var discover = DhcpCaptures.Load("dhclient-discover") with { GatewayAddress = IPAddress.Parse("10.97.0.1") };
        var outcome = Respond(discover);
        Assert.Null(outcome.Reply);
        Assert.Contains("no --dhcp-range covers that subnet", outcome.Reason, StringComparison.Ordinal);
        Assert.False(outcome.Routine);
        Assert.Equal(0, _leases.PendingOffers);
    }

    [Fact]
    public void Request_from_an_interface_without_a_scope_is_not_answered()
    {
        var outcome = Completed.Now(_responder.RespondAsync(DhcpCaptures.Load("dhclient-discover"), Server, arrivalScope: null));
        Assert.Null(outcome.Reply);
    }

    [Fact]
    public void Selecting_request_naming_another_server_is_not_answered_and_takes_nothing()
    {
        var request = DhcpCaptures.Load("dhclient-request").With(DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("10.99.0.2")));
        var outcome = Respond(request);

        Assert.Null(outcome.Reply);
        Assert.Empty(outcome.Changed);
        Assert.Equal("the client chose server 10.99.0.2", outcome.Reason);
        Assert.True(outcome.Routine); // another server's business: logged at Debug only
        Assert.Null(Find("10.99.0.116"));
    }

    [Fact]
    public void Request_for_an_address_of_another_subnet_is_naked_with_a_message_by_broadcast()
    {
        // INIT-REBOOT: the client comes back from another network and asks for its old address.
        var request = DhcpCaptures.Load("dhclient-request")
            .Without(DhcpOptionCode.ServerIdentifier)
            .With(DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("10.200.0.5")));
        var outcome = Respond(request);

        var nak = outcome.Reply!;
        AnswersTo(request, nak);
        Options(nak,
            Type(DhcpMessageType.Nak),
            (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
            (DhcpOptionCode.Message, Text("10.200.0.5 is not in 10.99.0.0/24")));
        Assert.Equal(IPAddress.Any, nak.YourAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Broadcast, 68), outcome.Destination!.EndPoint);
        Assert.Empty(outcome.Changed);
    }

    /// <summary>Option 82 as a relay adds it: circuit id "eth0/7" (sub-option 1) and remote id 00:11:22:33:44:55 (sub-option 2).</summary>
    private static readonly byte[] RelayAgentInformation = [1, 6, (byte)'e', (byte)'t', (byte)'h', (byte)'0', (byte)'/', (byte)'7', 2, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55];

    [Fact]
    public void Relay_agent_information_comes_back_whole_and_last_in_offers_acks_and_naks()
    {
        var option82 = new DhcpOption(DhcpOptionCode.RelayAgentInformation, RelayAgentInformation);
        var discover = DhcpCaptures.Load("dhclient-discover").With(option82) with { GatewayAddress = Relay, Hops = 1 };
        var offer = Respond(discover).Reply!;
        var request = DhcpCaptures.Load("dhclient-request").With(option82).Without(DhcpOptionCode.ServerIdentifier) with { GatewayAddress = Relay, Hops = 1 };
        var nak = Respond(request).Reply!;

        foreach (var reply in new[] { offer, nak })
        {
            // As it goes on the wire: the option is last before the end option, byte for byte.
            Assert.True(DhcpMessageCodec.TryParse(DhcpMessageCodec.ToArray(reply), out var sent, out _));
            var last = sent!.Options[^1];
            Assert.Equal(DhcpOptionCode.RelayAgentInformation, last.Code);
            Assert.Equal(RelayAgentInformation, last.Value.ToArray());
        }

        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Null(Respond(DhcpCaptures.Load("dhclient-discover") with { GatewayAddress = Relay, Hops = 1, TransactionId = 7 }).Reply!.GetOption(DhcpOptionCode.RelayAgentInformation));
    }

    [Fact]
    public void Relayed_nak_goes_to_the_relay_with_the_broadcast_flag_set()
    {
        var request = DhcpCaptures.Load("dhclient-request") with { GatewayAddress = Relay };
        request = request.Without(DhcpOptionCode.ServerIdentifier);
        Assert.False(request.IsBroadcast);
        var outcome = Respond(request);

        var nak = outcome.Reply!;
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.Equal("10.99.0.116 is not in 10.98.0.0/24", nak.GetString(DhcpOptionCode.Message));
        Assert.Equal(DhcpMessage.BroadcastFlag, nak.Flags);
        Assert.Equal(Relay, nak.GatewayAddress);
        Assert.Equal(new IPEndPoint(Relay, 67), outcome.Destination!.EndPoint);
    }

    [Fact]
    public void Request_for_an_address_leased_to_another_client_is_naked()
    {
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Load("dhclient-request")).ReplyType);
        var thief = DhcpCaptures.Load("udhcpc-request").With(DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("10.99.0.116")));
        var nak = Respond(thief).Reply!;
        Assert.Equal(DhcpMessageType.Nak, nak.MessageType);
        Assert.StartsWith("10.99.0.116 is leased to 52:54:00:00:00:11", nak.GetString(DhcpOptionCode.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void Inform_gets_an_ack_with_configuration_only_unicast_to_ciaddr()
    {
        var inform = DhcpCaptures.Request("52:54:00:00:00:30", DhcpMessageType.Inform) with { ClientAddress = IPAddress.Parse("10.99.0.77") };
        var outcome = Respond(inform);

        var ack = outcome.Reply!;
        AnswersTo(inform, ack);
        Options(ack, [Type(DhcpMessageType.Ack), .. LocalOptions]);
        Assert.Equal(IPAddress.Any, ack.YourAddress);
        Assert.Equal(IPAddress.Parse("10.99.0.77"), ack.ClientAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.99.0.77"), 68), outcome.Destination!.EndPoint);
        Assert.False(outcome.Destination.IsBroadcast);
        Assert.Empty(outcome.Changed);
        Assert.Empty(Completed.Now(_leases.ListAsync(CancellationToken.None)));
    }

    [Fact]
    public void Inform_without_ciaddr_is_not_answered()
    {
        Assert.Null(Respond(DhcpCaptures.Request("52:54:00:00:00:30", DhcpMessageType.Inform)).Reply);
    }

    [Fact]
    public void Decline_quarantines_the_address_without_a_reply()
    {
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Load("dhclient-request")).ReplyType);
        var decline = DhcpCaptures.Request("52:54:00:00:00:11", DhcpMessageType.Decline,
            DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("10.99.0.116")),
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, Server));
        var outcome = Respond(decline);

        Assert.Null(outcome.Reply);
        Assert.Equal(LeaseState.Declined, Assert.Single(outcome.Changed).State);
        Assert.Equal(LeaseState.Declined, Find("10.99.0.116")!.State);
        var other = Respond(DhcpCaptures.Load("udhcpc-discover").With(DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("10.99.0.116"))));
        Assert.NotEqual(IPAddress.Parse("10.99.0.116"), other.Reply!.YourAddress);
    }

    [Fact]
    public void Decline_and_release_for_another_server_are_not_ours()
    {
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Load("dhclient-request")).ReplyType);
        var elsewhere = DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("10.99.0.2"));
        var decline = DhcpCaptures.Request("52:54:00:00:00:11", DhcpMessageType.Decline,
            DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("10.99.0.116")), elsewhere);
        var release = DhcpCaptures.Request("52:54:00:00:00:11", DhcpMessageType.Release, elsewhere) with { ClientAddress = IPAddress.Parse("10.99.0.116") };

        var declined = Respond(decline);
        var released = Respond(release);

        Assert.Equal("DECLINE for server 10.99.0.2", declined.Reason);
        Assert.Equal("RELEASE for server 10.99.0.2", released.Reason);
        Assert.Empty(declined.Changed);
        Assert.Empty(released.Changed);
        Assert.Equal(LeaseState.Active, Find("10.99.0.116")!.State);
    }

    [Fact]
    public void Release_frees_the_lease_without_a_reply()
    {
        Assert.Equal(DhcpMessageType.Ack, Respond(DhcpCaptures.Load("dhclient-request")).ReplyType);
        var release = DhcpCaptures.Request("52:54:00:00:00:11", DhcpMessageType.Release,
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, Server)) with { ClientAddress = IPAddress.Parse("10.99.0.116") };
        var outcome = Respond(release);

        Assert.Null(outcome.Reply);
        Assert.Equal(LeaseState.Released, Assert.Single(outcome.Changed).State);
        Assert.Equal(LeaseState.Released, Find("10.99.0.116")!.State);
    }

    [Theory]
    [InlineData(6, 6)] // IEEE 802 token ring
    [InlineData(1, 8)] // Ethernet type with an 8-byte address
    [InlineData(32, 16)] // InfiniBand (RFC 4390 sends an empty chaddr, but any 16 bytes are refused too)
    public void Non_ethernet_hardware_is_not_answered(byte hardwareType, int addressLength)
    {
        var discover = DhcpCaptures.Load("dhclient-discover") with
        {
            HardwareType = hardwareType,
            ClientHardwareAddress = Enumerable.Range(1, addressLength).Select(i => (byte)i).ToArray(),
        };
        var outcome = Respond(discover);
        Assert.Null(outcome.Reply);
        Assert.Equal(0, _leases.PendingOffers);
    }

    [Fact]
    public void Bootp_server_messages_and_requests_without_a_type_are_not_answered()
    {
        var discover = DhcpCaptures.Load("dhclient-discover");
        Assert.Null(Respond(discover with { Opcode = DhcpOpcode.BootReply }).Reply);
        Assert.Null(Respond(discover.Without(DhcpOptionCode.MessageType)).Reply);
        Assert.Null(Respond(discover.With(DhcpOption.FromMessageType(DhcpMessageType.Offer))).Reply);
        Assert.Equal(0, _leases.PendingOffers);
    }

    [Fact]
    public void A_reservation_given_to_the_running_store_applies_to_the_next_discover()
    {
        var discover = DhcpCaptures.Request("52:54:00:00:00:21", DhcpMessageType.Discover);
        Assert.Equal(IPAddress.Parse("10.99.0.100"), Respond(discover).Reply!.YourAddress);

        var reservation = new DhcpReservation(DhcpCaptures.Mac("52:54:00:00:00:21"), IPAddress.Parse("10.99.0.21"));
        _leases.UpdateScopes([Local with { Reservations = [.. Local.Reservations, reservation] }, Relayed]);

        // The responder still holds the scope it was built with: the store's definition of that subnet decides.
        var offer = Respond(discover);
        Assert.Equal(IPAddress.Parse("10.99.0.21"), offer.Reply!.YourAddress);
        Assert.Equal("reservation", offer.Reason);
        Assert.Equal(1, _leases.PendingOffers);
    }
}
