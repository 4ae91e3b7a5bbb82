using System.Net.NetworkInformation;
using System.Text;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Protocol.Tests.Dhcp;

/// <summary>
/// Golden vectors: the DISCOVER and REQUEST that real firmware and OS clients sent, captured with
/// tshark by Captures/capture.sh (SeaBIOS + iPXE ROM, OVMF's own PXE, OVMF + iPXE ROM, dhclient,
/// busybox udhcpc). Each must parse, say what that client is, and survive write → parse unchanged.
/// </summary>
public sealed class DhcpCaptureTests
{
    public static TheoryData<string, DhcpMessageType> Captures()
    {
        var data = new TheoryData<string, DhcpMessageType>();
        foreach (var client in new[] { "seabios-ipxe", "ovmf-pxe", "ovmf-ipxe", "dhclient", "udhcpc" })
        {
            data.Add($"{client}-discover", DhcpMessageType.Discover);
            data.Add($"{client}-request", DhcpMessageType.Request);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Capture_parses_and_round_trips(string name, DhcpMessageType type)
    {
        var message = Parse(name);
        Assert.Equal(type, message.MessageType);
        Assert.Equal(DhcpOpcode.BootRequest, message.Opcode);
        Assert.NotNull(message.ClientMacAddress);

        Assert.True(DhcpMessageCodec.TryParse(DhcpMessageCodec.ToArray(message), out var again, out var error), error.ToString());
        Assert.Equal(message, again);
    }

    [Theory]
    [InlineData("seabios-ipxe", "52:54:00:00:00:01", ClientArchitecture.IntelX86Bios, "PXEClient:Arch:00000:UNDI:002001", true)]
    [InlineData("ovmf-pxe", "52:54:00:00:00:02", ClientArchitecture.EfiBc, "PXEClient:Arch:00007:UNDI:003000", false)]
    [InlineData("ovmf-ipxe", "52:54:00:00:00:03", ClientArchitecture.EfiBc, "PXEClient:Arch:00007:UNDI:003010", true)]
    public void Firmware_discover_names_its_architecture_and_whether_it_is_ipxe(
        string client, string mac, ClientArchitecture architecture, string vendorClass, bool ipxe)
    {
        var message = Parse($"{client}-discover");
        Assert.Equal(PhysicalAddress.Parse(mac.Replace(':', '-')), message.ClientMacAddress);
        Assert.Equal(architecture, message.ClientArchitecture);
        Assert.Equal(vendorClass, message.GetString(DhcpOptionCode.VendorClassIdentifier));
        var userClass = message.GetOption(DhcpOptionCode.UserClass);
        Assert.Equal(ipxe, userClass is { } bytes && Encoding.ASCII.GetString(bytes.Span).Contains("iPXE", StringComparison.Ordinal));
        Assert.Equal(16 + 1, message.GetOption(DhcpOptionCode.ClientMachineId)?.Length);
        Assert.Contains(DhcpOptionCode.BootfileName, message.ParameterRequestList);
    }

    [Theory]
    [InlineData("dhclient")]
    [InlineData("udhcpc")]
    public void Os_clients_are_not_pxe_clients(string client)
    {
        var message = Parse($"{client}-discover");
        Assert.Null(message.ClientArchitecture);
        Assert.False(message.GetString(DhcpOptionCode.VendorClassIdentifier)?.StartsWith("PXEClient", StringComparison.Ordinal) ?? false);
    }

    private static DhcpMessage Parse(string name)
    {
        var hex = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Dhcp", "Captures", name + ".hex")).Trim();
        Assert.True(DhcpMessageCodec.TryParse(Convert.FromHexString(hex), out var message, out var error), $"{name}: {error}");
        return message!;
    }
}
