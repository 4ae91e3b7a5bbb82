using System.Net;
using PxeHost.Boot;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;
using static PxeHost.Tests.Support.DhcpAssert;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// proxyDHCP (PXE 2.1 §2.2.4) beside another DHCP server, fed with the golden captures: only PXE and
/// HTTP Boot clients are answered, with boot information and never an address; DISCOVER on port 67,
/// REQUEST on port 4011.
/// </summary>
public sealed class ProxyDhcpResponderTests
{
    private static readonly IPAddress Server = DhcpCaptures.CapturedServer;
    private static readonly IPEndPoint ClientSource = new(IPAddress.Parse("10.99.0.101"), 68);
    private static readonly byte[] ZeroMachineId = new byte[17];

    private static DhcpOutcome Respond(DhcpMessage request, bool bootServerPort, BootOptions? boot = null) =>
        new ProxyDhcpResponder(TestPolicies.Flags(boot)).Respond(request, Server, ClientSource, bootServerPort);

    /// <summary>What OVMF's PXE sends to port 4011 after the proxy offer: ciaddr set, boot item in option 43.</summary>
    private static DhcpMessage BootServerRequest(PxeBootItem? item)
    {
        var request = DhcpCaptures.Load("ovmf-pxe-request").Without(DhcpOptionCode.ServerIdentifier).Without(DhcpOptionCode.RequestedIpAddress)
            with { ClientAddress = ClientSource.Address, Flags = 0 };
        return item is null ? request : request.With(PxeVendorOptionsCodec.ToOption(new PxeVendorOptions { BootItem = item }));
    }

    private static DhcpMessage HttpBootDiscover() =>
        DhcpCaptures.Load("ovmf-pxe-discover")
            .With(DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, (ushort)ClientArchitecture.EfiX64Http))
            .With(DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, "HTTPClient:Arch:00016:UNDI:003000"));

    [Fact]
    public void Relay_agent_information_comes_back_last_in_the_proxy_offer_and_the_4011_ack()
    {
        var option82 = new DhcpOption(DhcpOptionCode.RelayAgentInformation, new byte[] { 1, 4, (byte)'p', (byte)'o', (byte)'r', (byte)'t' });
        var offer = Respond(DhcpCaptures.Load("ovmf-pxe-discover").With(option82) with { GatewayAddress = IPAddress.Parse("10.98.0.1") }, bootServerPort: false).Reply!;
        var ack = Respond(BootServerRequest(null).With(option82), bootServerPort: true).Reply!;

        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.All(new[] { offer, ack }, reply => Assert.Equal((DhcpOptionCode.RelayAgentInformation, "0104706F7274"), (reply.Options[^1].Code, Convert.ToHexString(reply.Options[^1].Value.Span))));
    }

    [Theory]
    [InlineData("dhclient-discover", false)]
    [InlineData("dhclient-request", false)]
    [InlineData("udhcpc-discover", false)]
    [InlineData("udhcpc-request", true)]
    public void Os_clients_are_left_to_the_networks_dhcp_server(string capture, bool bootServerPort)
    {
        var outcome = Respond(DhcpCaptures.Load(capture), bootServerPort);
        Assert.Null(outcome.Reply);
        Assert.Null(outcome.Destination);
        Assert.StartsWith("not a PXE or HTTP Boot client", outcome.Reason, StringComparison.Ordinal);
        Assert.True(outcome.Routine);
    }

    [Fact]
    public void Uefi_pxe_discover_gets_an_offer_without_address_or_option_43()
    {
        var discover = DhcpCaptures.Load("ovmf-pxe-discover");
        var outcome = Respond(discover, bootServerPort: false);
        var offer = outcome.Reply!;

        AnswersTo(discover, offer);
        Assert.Equal(IPAddress.Any, offer.YourAddress);
        Assert.Equal(IPAddress.Any, offer.ClientAddress);
        Assert.Equal(Server, offer.ServerAddress);
        Assert.Equal("snponly.efi", offer.BootFileName);
        Options(offer,
            (DhcpOptionCode.MessageType, [(byte)DhcpMessageType.Offer]),
            (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
            (DhcpOptionCode.VendorClassIdentifier, Text("PXEClient")),
            (DhcpOptionCode.ClientMachineId, ZeroMachineId),
            (DhcpOptionCode.BootfileName, Text("snponly.efi")));
        Assert.Equal(new IPEndPoint(IPAddress.Broadcast, 68), outcome.Destination!.EndPoint);
    }

    [Fact]
    public void Bios_ipxe_discover_is_told_to_boot_the_offered_file_by_discovery_control_8()
    {
        var discover = DhcpCaptures.Load("seabios-ipxe-discover");
        var offer = Respond(discover, bootServerPort: false).Reply!;

        AnswersTo(discover, offer);
        Assert.Equal(IPAddress.Any, offer.YourAddress);
        Assert.Equal("http://10.99.0.1/boot/52-54-00-00-00-01.ipxe", offer.BootFileName);
        Assert.Equal("PXEClient", offer.GetString(DhcpOptionCode.VendorClassIdentifier));
        Assert.Equal(ZeroMachineId, offer.GetOption(DhcpOptionCode.ClientMachineId)!.Value.ToArray());

        // Suboption 6 (discovery control), length 1, bit 3 set; then End.
        Assert.Equal("060108FF", Convert.ToHexString(offer.GetOption(DhcpOptionCode.VendorSpecific)!.Value.Span));
        Assert.Equal(PxeDiscoveryControl.UseBootFileFromOffer, DhcpCaptures.VendorOptions(offer)!.DiscoveryControl);
    }

    [Fact]
    public void Bios_pxe_rom_discover_gets_discovery_control_8_and_the_bios_boot_file()
    {
        var rom = DhcpCaptures.Load("seabios-ipxe-discover").Without(DhcpOptionCode.UserClass).Without(DhcpOptionCode.IpxeEncapsulated);
        var offer = Respond(rom, bootServerPort: false).Reply!;
        Assert.Equal("undionly.kpxe", offer.BootFileName);
        Assert.Equal(PxeDiscoveryControl.UseBootFileFromOffer, DhcpCaptures.VendorOptions(offer)!.DiscoveryControl);
    }

    [Fact]
    public void Request_on_4011_gets_an_ack_back_to_its_source_echoing_the_boot_item()
    {
        var request = BootServerRequest(new PxeBootItem(0, 0));
        var outcome = Respond(request, bootServerPort: true);
        var ack = outcome.Reply!;

        AnswersTo(request, ack);
        Assert.Equal(ClientSource, outcome.Destination!.EndPoint);
        Assert.False(outcome.Destination.IsBroadcast);
        Assert.Equal(IPAddress.Any, ack.YourAddress);
        Assert.Equal(ClientSource.Address, ack.ClientAddress);
        Assert.Equal("snponly.efi", ack.BootFileName);
        Assert.Equal(Server, ack.ServerAddress);
        Options(ack,
            (DhcpOptionCode.MessageType, [(byte)DhcpMessageType.Ack]),
            (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
            (DhcpOptionCode.VendorClassIdentifier, Text("PXEClient")),
            (DhcpOptionCode.ClientMachineId, ZeroMachineId),
            (DhcpOptionCode.VendorSpecific, [71, 4, 0x00, 0x00, 0x00, 0x00, 255]),
            (DhcpOptionCode.BootfileName, Text("snponly.efi")));
    }

    [Fact]
    public void Request_on_4011_without_a_boot_item_gets_the_default_item_8000_layer_0()
    {
        var ack = Respond(BootServerRequest(null), bootServerPort: true).Reply!;
        Assert.Equal(new PxeBootItem(0x8000, 0), DhcpCaptures.VendorOptions(ack)!.BootItem);
        Assert.Equal("47048000" + "0000FF", Convert.ToHexString(ack.GetOption(DhcpOptionCode.VendorSpecific)!.Value.Span));
    }

    [Fact]
    public void Relayed_request_on_4011_goes_back_through_the_relay()
    {
        var request = BootServerRequest(new PxeBootItem(0x8000, 0)) with { GatewayAddress = IPAddress.Parse("10.98.0.1") };
        var outcome = Respond(request, bootServerPort: true);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.98.0.1"), 67), outcome.Destination!.EndPoint);
    }

    [Fact]
    public void Http_boot_discover_gets_httpclient_and_the_uefi_boot_file_url()
    {
        var discover = HttpBootDiscover();
        var offer = Respond(discover, bootServerPort: false).Reply!;

        AnswersTo(discover, offer);
        Assert.Equal(IPAddress.Any, offer.YourAddress);
        Assert.Equal("http://10.99.0.1/snponly.efi", offer.BootFileName);
        Options(offer,
            (DhcpOptionCode.MessageType, [(byte)DhcpMessageType.Offer]),
            (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
            (DhcpOptionCode.VendorClassIdentifier, Text("HTTPClient")),
            (DhcpOptionCode.ClientMachineId, ZeroMachineId),
            (DhcpOptionCode.BootfileName, Text("http://10.99.0.1/snponly.efi")));
    }

    [Fact]
    public void Http_boot_discover_gets_the_configured_url()
    {
        var offer = Respond(HttpBootDiscover(), bootServerPort: false, new BootOptions { HttpBootUrl = "http://10.99.0.9/efi/grubx64.efi" }).Reply!;
        Assert.Equal("http://10.99.0.9/efi/grubx64.efi", offer.GetString(DhcpOptionCode.BootfileName));
        Assert.Equal("HTTPClient", offer.GetString(DhcpOptionCode.VendorClassIdentifier));
    }

    [Theory]
    [InlineData("ovmf-pxe-request", false)] // a REQUEST on 67 is for the network's DHCP server
    [InlineData("seabios-ipxe-request", false)]
    [InlineData("ovmf-pxe-discover", true)] // 4011 answers REQUESTs only
    public void Wrong_message_for_the_port_is_not_answered(string capture, bool bootServerPort)
    {
        var outcome = Respond(DhcpCaptures.Load(capture), bootServerPort);
        Assert.Null(outcome.Reply);
        Assert.Contains(bootServerPort ? "port 4011 answers only REQUEST" : "proxyDHCP answers only DISCOVER on port 67", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Firmware_without_a_boot_file_is_not_answered()
    {
        var arm64 = DhcpCaptures.Load("ovmf-pxe-discover")
            .With(DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, (ushort)ClientArchitecture.EfiArm64));
        var outcome = Respond(arm64, bootServerPort: false);
        Assert.Null(outcome.Reply);
        Assert.Contains("set --arm64-bootfile", outcome.Reason, StringComparison.Ordinal);
    }
}
