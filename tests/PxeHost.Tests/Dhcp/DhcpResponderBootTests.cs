using System.Net;
using PxeHost.Boot;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;
using static PxeHost.Tests.Support.DhcpAssert;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// Full-mode replies to real firmware (the golden captures of SeaBIOS + iPXE and OVMF's own PXE):
/// the boot file in the file field and option 67, siaddr naming this server, option 97 echoed.
/// </summary>
public sealed class DhcpResponderBootTests
{
    private static readonly IPAddress Server = DhcpCaptures.CapturedServer;

    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.150"))],
    };

    /// <summary>What the captures' option 97 carries: type 0 and an all-zero UUID (QEMU without -uuid).</summary>
    private static readonly byte[] ZeroMachineId = new byte[17];

    private static DhcpOutcome Respond(DhcpMessage request, BootOptions? boot = null, int httpPort = 80)
    {
        var leases = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [Scope] }, new ManualTimeProvider());
        return Completed.Now(new DhcpResponder([Scope], leases, TestPolicies.Flags(boot, httpPort)).RespondAsync(request, Server, Scope));
    }

    [Fact]
    public void Seabios_ipxe_discover_gets_its_generated_script_url_in_the_file_field_and_option_67()
    {
        var discover = DhcpCaptures.Load("seabios-ipxe-discover");
        var offer = Respond(discover).Reply!;

        const string url = "http://10.99.0.1/boot/52-54-00-00-00-01.ipxe";
        AnswersTo(discover, offer);
        Assert.Equal(url, offer.BootFileName);
        Assert.Equal(Server, offer.ServerAddress);
        Assert.Equal(IPAddress.Parse("10.99.0.100"), offer.YourAddress);
        Options(offer,
            (DhcpOptionCode.MessageType, [(byte)DhcpMessageType.Offer]),
            (DhcpOptionCode.ServerIdentifier, Address("10.99.0.1")),
            (DhcpOptionCode.LeaseTime, Seconds(3600)),
            (DhcpOptionCode.RenewalTime, Seconds(1800)),
            (DhcpOptionCode.RebindingTime, Seconds(3150)),
            (DhcpOptionCode.SubnetMask, Address("255.255.255.0")),
            (DhcpOptionCode.BroadcastAddress, Address("10.99.0.255")),
            (DhcpOptionCode.ClientIdentifier, [1, 0x52, 0x54, 0, 0, 0, 1]), // RFC 6842: echoed as iPXE sent it
            (DhcpOptionCode.ClientMachineId, ZeroMachineId),
            (DhcpOptionCode.BootfileName, Text(url)));
    }

    [Fact]
    public void Seabios_ipxe_with_a_configured_script_path_gets_it_over_http_on_the_configured_port()
    {
        var offer = Respond(DhcpCaptures.Load("seabios-ipxe-discover"), new BootOptions { IpxeScript = "menus/boot.ipxe" }, 8080).Reply!;
        Assert.Equal("http://10.99.0.1:8080/menus/boot.ipxe", offer.BootFileName);
        Assert.Equal("http://10.99.0.1:8080/menus/boot.ipxe", offer.GetString(DhcpOptionCode.BootfileName));
    }

    [Fact]
    public void Ovmf_pxe_discover_gets_snponly_in_the_file_field_from_this_server()
    {
        var discover = DhcpCaptures.Load("ovmf-pxe-discover");
        var outcome = Respond(discover);
        var offer = outcome.Reply!;

        AnswersTo(discover, offer);
        Assert.Equal("snponly.efi", offer.BootFileName);
        Assert.Equal(Server, offer.ServerAddress);
        Assert.Equal("snponly.efi", offer.GetString(DhcpOptionCode.BootfileName));
        Assert.Equal(ZeroMachineId, offer.GetOption(DhcpOptionCode.ClientMachineId)!.Value.ToArray());
        Lacks(offer, DhcpOptionCode.VendorClassIdentifier, DhcpOptionCode.VendorSpecific);

        // OVMF sets the broadcast bit; the reply keeps it and is broadcast.
        Assert.True(offer.IsBroadcast);
        Assert.True(outcome.Destination!.IsBroadcast);
        Assert.Equal("snponly.efi", outcome.Boot!.BootFile);
    }

    [Fact]
    public void Ovmf_pxe_request_gets_an_ack_with_the_boot_file_and_its_lease()
    {
        var request = DhcpCaptures.Load("ovmf-pxe-request");
        var outcome = Respond(request);
        var ack = outcome.Reply!;

        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(IPAddress.Parse("10.99.0.101"), ack.YourAddress);
        Assert.Equal("snponly.efi", ack.BootFileName);
        Assert.Equal(Server, ack.ServerAddress);
        Assert.Equal(IPAddress.Parse("10.99.0.101"), Assert.Single(outcome.Changed).Address);
    }

    [Fact]
    public void Ovmf_ipxe_discover_gets_the_script_url_not_ipxe_again()
    {
        var offer = Respond(DhcpCaptures.Load("ovmf-ipxe-discover")).Reply!;
        Assert.Equal("http://10.99.0.1/boot/52-54-00-00-00-03.ipxe", offer.BootFileName);
    }

    [Fact]
    public void Boot_file_too_long_for_the_file_field_goes_in_option_67_only()
    {
        var url = "http://10.99.0.1/" + new string('a', 111) + ".ipxe"; // 133 characters: more than the field's 127
        var discover = DhcpCaptures.Load("seabios-ipxe-discover").With(new DhcpOption(DhcpOptionCode.ParameterRequestList, new byte[] { 1, 3, 6 }));
        var offer = Respond(discover, new BootOptions { IpxeScript = url }).Reply!;

        Assert.Equal(string.Empty, offer.BootFileName);
        Assert.Equal(url, offer.GetString(DhcpOptionCode.BootfileName));
        Assert.True(DhcpMessageCodec.TryParse(DhcpMessageCodec.ToArray(offer), out var wire, out _));
        Assert.Equal(url, wire!.GetString(DhcpOptionCode.BootfileName));
    }

    [Fact]
    public void Boot_file_that_fits_goes_in_the_file_field_only_when_option_67_was_not_asked_for()
    {
        var discover = DhcpCaptures.Load("ovmf-pxe-discover").With(new DhcpOption(DhcpOptionCode.ParameterRequestList, new byte[] { 1, 3, 6 }));
        var offer = Respond(discover).Reply!;
        Assert.Equal("snponly.efi", offer.BootFileName);
        Lacks(offer, DhcpOptionCode.BootfileName);
    }

    [Fact]
    public void Os_client_gets_no_boot_file_and_no_machine_id()
    {
        var offer = Respond(DhcpCaptures.Load("udhcpc-discover")).Reply!;
        Assert.Equal(string.Empty, offer.BootFileName);
        Assert.Equal(IPAddress.Any, offer.ServerAddress);
        Lacks(offer, DhcpOptionCode.BootfileName, DhcpOptionCode.ClientMachineId, DhcpOptionCode.VendorClassIdentifier);
    }

    [Fact]
    public void Unsupported_firmware_still_gets_an_address_but_no_boot_file()
    {
        var ia32 = DhcpCaptures.Load("ovmf-pxe-discover")
            .With(DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, (ushort)ClientArchitecture.EfiIa32))
            .With(DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00006:UNDI:003000"));
        var offer = Respond(ia32).Reply!;
        Assert.Equal(IPAddress.Parse("10.99.0.100"), offer.YourAddress);
        Assert.Equal(string.Empty, offer.BootFileName);
        Lacks(offer, DhcpOptionCode.BootfileName, DhcpOptionCode.ClientMachineId);
    }
}
