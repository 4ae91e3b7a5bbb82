using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Protocol.Tests.Dhcp;

/// <summary>Options as dnsmasq's --log-dhcp prints them: code, name, value as text, addresses, seconds or hex.</summary>
public sealed class DhcpOptionTextTests
{
    public static TheoryData<DhcpOption, string> Options => new()
    {
        { DhcpOption.FromMessageType(DhcpMessageType.Offer), "53 message-type: Offer" },
        { DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("10.0.0.1")), "54 server-identifier: 10.0.0.1" },
        { DhcpOption.FromAddresses(DhcpOptionCode.DomainNameServer, IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3")), "6 domain-name-server: 10.0.0.2, 10.0.0.3" },
        { DhcpOption.FromUInt32(DhcpOptionCode.LeaseTime, 3600), "51 lease-time: 3600 s" },
        { DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, 7), "93 client-system-architecture: 7 (UEFI x64)" },
        { DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, "PXEClient"), "60 vendor-class-identifier: \"PXEClient\"" },
        { DhcpOption.FromString(DhcpOptionCode.BootfileName, "snponly.efi\0"), "67 bootfile-name: \"snponly.efi\"" },
        { DhcpOption.FromString(DhcpOptionCode.HostName, "a\nb"), "12 host-name: 610a62" },
        { new DhcpOption(DhcpOptionCode.ClientMachineId, new byte[] { 0, 0xab, 0xcd }), "97 client-machine-id: 00abcd" },
        { new DhcpOption((DhcpOptionCode)224, new byte[] { 1, 2 }), "224 option-224: 0102" },
        { DhcpOption.FromUInt32(DhcpOptionCode.LeaseTime, 3600) with { Value = new byte[] { 1 } }, "51 lease-time: 01" },
        {
            PxeVendorOptionsCodec.ToOption(new PxeVendorOptions { DiscoveryControl = PxeDiscoveryControl.UseBootFileFromOffer }),
            "43 vendor-specific: PXE: discovery control UseBootFileFromOffer"
        },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void Describes_code_name_and_decoded_value(DhcpOption option, string text) => Assert.Equal(text, DhcpOptionText.Describe(option));
}
