using System.Net;
using PxeHost.Boot;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// Replies fit what the client can receive: 576-byte datagrams without option 57 (RFC 2131 §2), the
/// client's stated maximum with it (RFC 2132 §9.10, never below 576); what does not fit is left out,
/// least important first, never the type, server, lease time or boot options.
/// </summary>
public sealed class DhcpReplySizeTests
{
    private static readonly IPAddress Server = DhcpCaptures.CapturedServer;

    /// <summary>More configuration than 312 bytes of options hold: 40 name servers, 40 NTP servers, a long domain.</summary>
    private static readonly DhcpScope Crowded = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.150"))],
        Routers = [IPAddress.Parse("10.99.0.254")],
        DnsServers = [.. Enumerable.Range(1, 40).Select(i => IPAddress.Parse($"10.99.1.{i}"))],
        NtpServers = [.. Enumerable.Range(1, 40).Select(i => IPAddress.Parse($"10.99.2.{i}"))],
        DomainName = new string('d', 60) + ".lab.test",
    };

    /// <summary>Asks for mask, router, DNS, domain, NTP, in that order of importance.</summary>
    private static readonly DhcpOption Asked = new(DhcpOptionCode.ParameterRequestList, new byte[] { 1, 3, 6, 15, 42 });

    private static DhcpOutcome Respond(DhcpMessage request, BootOptions? boot = null)
    {
        var leases = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [Crowded] }, new ManualTimeProvider());
        return Completed.Now(new DhcpResponder([Crowded], leases, TestPolicies.Flags(boot)).RespondAsync(request, Server, Crowded));
    }

    private static DhcpOption MaxSize(ushort bytes) => DhcpOption.FromUInt16(DhcpOptionCode.MaxMessageSize, bytes);

    [Fact]
    public void Without_option_57_an_offer_fits_576_bytes_leaving_out_what_was_asked_for_last()
    {
        var outcome = Respond(DhcpCaptures.Request("52:54:00:00:00:40", DhcpMessageType.Discover, Asked));

        var offer = outcome.Reply!;
        Assert.True(DhcpMessageCodec.ToArray(offer).Length <= 576 - 28, $"{DhcpMessageCodec.ToArray(offer).Length} bytes");
        // Not asked for goes first (broadcast, T2, T1), then NTP (asked last); then the small ones fit again.
        var codes = offer.Options.Select(o => o.Code).ToArray();
        Assert.Equal(
            [DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.LeaseTime, DhcpOptionCode.RenewalTime, DhcpOptionCode.RebindingTime,
             DhcpOptionCode.SubnetMask, DhcpOptionCode.BroadcastAddress, DhcpOptionCode.Router, DhcpOptionCode.DomainNameServer, DhcpOptionCode.DomainName],
            codes);
        Assert.EndsWith("left out to fit the client's 548 bytes: options 42", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_that_takes_more_gets_everything()
    {
        var outcome = Respond(DhcpCaptures.Request("52:54:00:00:00:40", DhcpMessageType.Discover, Asked, MaxSize(1500)));
        Assert.Contains(outcome.Reply!.Options, o => o.Code == DhcpOptionCode.NtpServers);
        Assert.Contains(outcome.Reply!.Options, o => o.Code == DhcpOptionCode.BroadcastAddress);
        Assert.InRange(DhcpMessageCodec.ToArray(outcome.Reply).Length, 577, 1500 - 28);
        Assert.DoesNotContain("left out", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Option_57_below_576_counts_as_576()
    {
        var outcome = Respond(DhcpCaptures.Request("52:54:00:00:00:40", DhcpMessageType.Discover, Asked, MaxSize(300)));
        Assert.InRange(DhcpMessageCodec.ToArray(outcome.Reply!).Length, 500, 576 - 28);
        Assert.Contains(outcome.Reply!.Options, o => o.Code == DhcpOptionCode.DomainNameServer);
    }

    [Fact]
    public void A_pxe_offer_keeps_its_menu_and_vendor_class_and_leaves_out_configuration()
    {
        var menu = new PxeMenu("Boot", 5,
        [
            new PxeMenuEntry(0x8001, new string('a', 60), "a.efi"),
            new PxeMenuEntry(0x8002, new string('b', 60), "b.efi"),
            new PxeMenuEntry(PxeMenuEntry.LocalBootType, "Local disk", null),
        ]);
        var discover = DhcpCaptures.Load("ovmf-pxe-discover").Without(DhcpOptionCode.MaxMessageSize);
        var outcome = Respond(discover, new BootOptions { Menu = menu });

        var offer = outcome.Reply!;
        Assert.True(DhcpMessageCodec.ToArray(offer).Length <= 548);
        Assert.Equal(PxeVendorOptionsCodec.ToArray(menu.ToVendorOptions(Server)), offer.GetOption(DhcpOptionCode.VendorSpecific)!.Value.ToArray());
        Assert.Equal("PXEClient", offer.GetString(DhcpOptionCode.VendorClassIdentifier));
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.NotNull(offer.GetOption(DhcpOptionCode.ClientMachineId));
        Assert.Contains("left out", outcome.Reason, StringComparison.Ordinal);
    }
}
