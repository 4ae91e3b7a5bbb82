using System.Net.NetworkInformation;
using System.Text;
using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Boot;

/// <summary>Classifying real firmware's DHCP requests (the vendor and user classes NETBOOT-LAB records).</summary>
public sealed class BootClientTests
{
    private static readonly byte[] Mac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

    private static DhcpMessage Request(params DhcpOption[] options) =>
        new() { ClientHardwareAddress = Mac, Options = [DhcpOption.FromMessageType(DhcpMessageType.Discover), .. options] };

    private static DhcpOption Arch(ClientArchitecture a) => DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, (ushort)a);

    private static DhcpOption VendorClass(string text) => DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, text);

    [Fact]
    public void SeaBios_with_the_ipxe_rom_is_bios_and_already_ipxe()
    {
        // iPXE's user class is RFC 3004 framed: a length byte, then "iPXE".
        var userClass = new DhcpOption(DhcpOptionCode.UserClass, new byte[] { 4 }.Concat(Encoding.ASCII.GetBytes("iPXE")).ToArray());
        var client = BootClient.FromDhcp(Request(Arch(ClientArchitecture.IntelX86Bios), VendorClass("PXEClient:Arch:00000:UNDI:002001"), userClass));
        Assert.Equal(ClientArchitecture.IntelX86Bios, client.Architecture);
        Assert.False(client.IsUefi);
        Assert.Equal(FirmwareStage.Ipxe, client.Stage);
        Assert.Equal(PhysicalAddress.Parse("52-54-00-12-34-56"), client.Mac);
    }

    [Fact]
    public void Ovmf_own_pxe_is_uefi_x64_firmware()
    {
        var client = BootClient.FromDhcp(Request(Arch(ClientArchitecture.EfiBc), VendorClass("PXEClient:Arch:00007:UNDI:003000")));
        Assert.Equal(ClientArchitecture.EfiBc, client.Architecture);
        Assert.True(client.IsUefi);
        Assert.Equal(FirmwareStage.Firmware, client.Stage);
    }

    [Fact]
    public void Ovmf_http_boot_is_http_boot_firmware()
    {
        var client = BootClient.FromDhcp(Request(Arch(ClientArchitecture.EfiX64Http), VendorClass("HTTPClient:Arch:00016:UNDI:003000")));
        Assert.Equal(FirmwareStage.HttpBootFirmware, client.Stage);
        Assert.Equal(ClientArchitecture.EfiX64Http, client.Architecture);
    }

    [Fact]
    public void Ipxe_encapsulated_option_alone_marks_ipxe()
    {
        var client = BootClient.FromDhcp(Request(new DhcpOption(DhcpOptionCode.IpxeEncapsulated, new byte[] { 1, 1, 1 }), VendorClass("PXEClient:Arch:00007:UNDI:003010")));
        Assert.Equal(FirmwareStage.Ipxe, client.Stage);
    }

    [Fact]
    public void Architecture_falls_back_to_the_vendor_class_when_option_93_is_missing()
    {
        var client = BootClient.FromDhcp(Request(VendorClass("PXEClient:Arch:00011:UNDI:003000")));
        Assert.Equal(ClientArchitecture.EfiArm64, client.Architecture);
    }

    [Fact]
    public void An_os_dhcp_client_is_not_booting()
    {
        var client = BootClient.FromDhcp(Request(VendorClass("udhcp 1.35.0")));
        Assert.Equal(FirmwareStage.NotBooting, client.Stage);
        Assert.Equal(ClientArchitecture.IntelX86Bios, client.Architecture);
    }

    [Fact]
    public void Option_97_gives_the_machine_uuid_in_smbios_byte_order()
    {
        var guid = Guid.Parse("8c8d9f6e-1c2b-4f3a-9d7e-0123456789ab");
        var value = new byte[] { 0 }.Concat(guid.ToByteArray()).ToArray();
        var client = BootClient.FromDhcp(Request(new DhcpOption(DhcpOptionCode.ClientMachineId, value), VendorClass("PXEClient:Arch:00000:UNDI:002001")));
        Assert.Equal(guid, client.Uuid);
    }

    [Fact]
    public void Malformed_option_97_gives_no_uuid()
    {
        var client = BootClient.FromDhcp(Request(new DhcpOption(DhcpOptionCode.ClientMachineId, new byte[] { 1, 2, 3 })));
        Assert.Null(client.Uuid);
    }
}
