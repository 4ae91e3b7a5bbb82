using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Protocol.Tests.Dhcp;

/// <summary>
/// Byte-exact vectors written out by hand from RFC 2131 §2 (figure 1) and the DHCPDISCOVER an Intel
/// PXE 2.1 ROM sends (options 53, 57, 93, 94, 97, 55, 60), and a server's DHCPOFFER.
/// </summary>
public sealed class DhcpMessageCodecTests
{
    private static readonly byte[] Mac = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

    private static readonly byte[] Guid =
        [0x4C, 0x4C, 0x45, 0x44, 0x00, 0x50, 0x31, 0x10, 0x80, 0x4E, 0xB2, 0xC0, 0x4F, 0x5A, 0x53, 0x31];

    private static readonly byte[] RequestList =
    [
        1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40, 41, 42, 43, 50, 51, 54, 58, 59, 60, 66, 67, 97,
        128, 129, 130, 131, 132, 133, 134, 135,
    ];

    private static readonly byte[] PxeDiscover =
    [
        0x01, 0x01, 0x06, 0x00,             // op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
        0xA1, 0xB2, 0xC3, 0xD4,             // xid
        0x00, 0x04, 0x80, 0x00,             // secs 4, flags broadcast
        .. new byte[16],                    // ciaddr, yiaddr, siaddr, giaddr
        .. Mac, .. new byte[10],            // chaddr
        .. new byte[64], .. new byte[128],  // sname, file
        0x63, 0x82, 0x53, 0x63,             // magic cookie
        53, 1, 1,                           // DHCPDISCOVER
        57, 2, 0x05, 0xC0,                  // max message size 1472
        93, 2, 0x00, 0x00,                  // arch: x86 BIOS
        94, 3, 0x01, 0x02, 0x01,            // UNDI 2.1
        97, 17, 0x00, .. Guid,              // machine id: type 0, GUID
        55, 35, .. RequestList,
        60, 32, .. "PXEClient:Arch:00000:UNDI:002001"u8,
        0xFF,
    ];

    // 285 bytes of content, padded with zeros to the 300-byte BOOTP minimum.
    private static readonly byte[] Offer =
    [
        0x02, 0x01, 0x06, 0x00,
        0xA1, 0xB2, 0xC3, 0xD4,
        0x00, 0x00, 0x80, 0x00,
        0, 0, 0, 0,                         // ciaddr
        192, 168, 1, 100,                   // yiaddr
        192, 168, 1, 2,                     // siaddr: next server
        0, 0, 0, 0,                         // giaddr
        .. Mac, .. new byte[10],
        .. "pxe.lan"u8, .. new byte[57],
        .. "pxelinux.0"u8, .. new byte[118],
        0x63, 0x82, 0x53, 0x63,
        53, 1, 2,                           // DHCPOFFER
        54, 4, 192, 168, 1, 2,
        51, 4, 0x00, 0x00, 0x0E, 0x10,      // lease 3600 s
        1, 4, 255, 255, 255, 0,
        3, 4, 192, 168, 1, 1,
        60, 9, .. "PXEClient"u8,
        43, 4, 6, 1, 8, 0xFF,               // PXE: discovery control "boot the offered file"
        0xFF,
        .. new byte[15],
    ];

    [Fact]
    public void Pxe_discover_parses_field_by_field()
    {
        var message = Parse(PxeDiscover);

        Assert.Equal(DhcpOpcode.BootRequest, message.Opcode);
        Assert.Equal(DhcpMessage.EthernetHardwareType, message.HardwareType);
        Assert.Equal(6, message.HardwareAddressLength);
        Assert.Equal(0xA1B2C3D4u, message.TransactionId);
        Assert.Equal(4, message.Seconds);
        Assert.True(message.IsBroadcast);
        Assert.Equal(IPAddress.Any, message.ClientAddress);
        Assert.Equal(PhysicalAddress.Parse("52-54-00-12-34-56"), message.ClientMacAddress);
        Assert.Equal(string.Empty, message.ServerName);
        Assert.Equal(string.Empty, message.BootFileName);

        Assert.Equal(DhcpMessageType.Discover, message.MessageType);
        Assert.Equal((ushort)1472, message.GetUInt16(DhcpOptionCode.MaxMessageSize));
        Assert.Equal(ClientArchitecture.IntelX86Bios, message.ClientArchitecture);
        Assert.Equal([0x01, 0x02, 0x01], message.GetOption(DhcpOptionCode.ClientNetworkInterfaceId)!.Value.ToArray());
        Assert.Equal([0x00, .. Guid], message.GetOption(DhcpOptionCode.ClientMachineId)!.Value.ToArray());
        Assert.Equal(RequestList.Select(b => (DhcpOptionCode)b), message.ParameterRequestList);
        Assert.Equal("PXEClient:Arch:00000:UNDI:002001", message.GetString(DhcpOptionCode.VendorClassIdentifier));
        Assert.Equal(
            [
                DhcpOptionCode.MessageType, DhcpOptionCode.MaxMessageSize, DhcpOptionCode.ClientSystemArchitecture,
                DhcpOptionCode.ClientNetworkInterfaceId, DhcpOptionCode.ClientMachineId,
                DhcpOptionCode.ParameterRequestList, DhcpOptionCode.VendorClassIdentifier,
            ],
            message.Options.Select(o => o.Code));
    }

    [Fact]
    public void Pxe_discover_writes_back_byte_for_byte()
    {
        Assert.Equal(347, PxeDiscover.Length);
        Assert.Equal(PxeDiscover, DhcpMessageCodec.ToArray(Parse(PxeDiscover)));
    }

    [Fact]
    public void Offer_built_from_values_matches_the_vector_and_parses_back()
    {
        var offer = new DhcpMessage
        {
            Opcode = DhcpOpcode.BootReply,
            ClientHardwareAddress = Mac,
            TransactionId = 0xA1B2C3D4,
            Flags = DhcpMessage.BroadcastFlag,
            YourAddress = IPAddress.Parse("192.168.1.100"),
            ServerAddress = IPAddress.Parse("192.168.1.2"),
            ServerName = "pxe.lan",
            BootFileName = "pxelinux.0",
            Options =
            [
                DhcpOption.FromMessageType(DhcpMessageType.Offer),
                DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("192.168.1.2")),
                DhcpOption.FromSeconds(DhcpOptionCode.LeaseTime, TimeSpan.FromHours(1)),
                DhcpOption.FromAddresses(DhcpOptionCode.SubnetMask, IPAddress.Parse("255.255.255.0")),
                DhcpOption.FromAddresses(DhcpOptionCode.Router, IPAddress.Parse("192.168.1.1")),
                DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, "PXEClient"),
                PxeVendorOptionsCodec.ToOption(new PxeVendorOptions { DiscoveryControl = PxeDiscoveryControl.UseBootFileFromOffer }),
            ],
        };

        Assert.Equal(300, DhcpMessageCodec.GetLength(offer));
        Assert.Equal(Offer, DhcpMessageCodec.ToArray(offer));

        var parsed = Parse(Offer);
        Assert.Equal(offer, parsed);
        Assert.Equal(DhcpMessageType.Offer, parsed.MessageType);
        Assert.Equal(IPAddress.Parse("192.168.1.2"), parsed.GetAddress(DhcpOptionCode.ServerIdentifier));
        Assert.Equal(TimeSpan.FromSeconds(3600), parsed.GetSeconds(DhcpOptionCode.LeaseTime));
        Assert.Equal([IPAddress.Parse("192.168.1.1")], parsed.GetAddresses(DhcpOptionCode.Router));
        Assert.Equal("pxe.lan", parsed.ServerName);
        Assert.Equal("pxelinux.0", parsed.BootFileName);
    }

    [Fact]
    public void Write_into_a_larger_buffer_returns_the_length_and_leaves_the_rest()
    {
        var buffer = Enumerable.Repeat((byte)0xEE, 400).ToArray();
        var written = DhcpMessageCodec.WriteTo(Parse(Offer), buffer);
        Assert.Equal(300, written);
        Assert.Equal(Offer, buffer[..300]);
        Assert.All(buffer[300..], b => Assert.Equal(0xEE, b));
        Assert.Throws<ArgumentException>(() => DhcpMessageCodec.WriteTo(Parse(Offer), new byte[299]));
    }

    [Fact]
    public void A_non_ethernet_hardware_address_has_no_mac()
    {
        var message = new DhcpMessage { HardwareType = 6, ClientHardwareAddress = new byte[] { 1, 2, 3, 4, 5, 6 } };
        Assert.Null(message.ClientMacAddress);
        Assert.Null(new DhcpMessage { ClientHardwareAddress = new byte[] { 1, 2, 3, 4 } }.ClientMacAddress);

        var infiniband = new DhcpMessage { HardwareType = 32, ClientHardwareAddress = new byte[16] };
        var parsed = Parse(DhcpMessageCodec.ToArray(infiniband));
        Assert.Equal(16, parsed.HardwareAddressLength);
        Assert.Equal(infiniband, parsed);
    }

    [Fact]
    public void Typed_getters_return_null_for_absent_or_misshapen_options()
    {
        var message = new DhcpMessage
        {
            Options = [new(DhcpOptionCode.MessageType, new byte[] { 1, 2 }), new(DhcpOptionCode.Router, new byte[] { 10, 0, 0 })],
        };
        Assert.Null(message.MessageType);
        Assert.Null(message.GetAddresses(DhcpOptionCode.Router));
        Assert.Null(message.GetAddress(DhcpOptionCode.Router));
        Assert.Null(message.GetUInt32(DhcpOptionCode.LeaseTime));
        Assert.Null(message.ClientArchitecture);
        Assert.Empty(message.ParameterRequestList);
        Assert.Null(message.GetString(DhcpOptionCode.HostName));
    }

    [Fact]
    public void Nul_terminated_strings_lose_their_terminator()
    {
        var message = new DhcpMessage { Options = [new(DhcpOptionCode.HostName, "client1\0"u8.ToArray())] };
        Assert.Equal("client1", message.GetString(DhcpOptionCode.HostName));
    }

    internal static DhcpMessage Parse(byte[] datagram)
    {
        Assert.True(DhcpMessageCodec.TryParse(datagram, out var message, out var error), $"parse failed: {error}");
        Assert.Equal(DhcpParseError.None, error);
        return message!;
    }
}
