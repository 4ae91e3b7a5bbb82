using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Support;

/// <summary>
/// The golden DHCP captures of real clients (PxeHost.Protocol.Tests/Dhcp/Captures, linked into this
/// project): SeaBIOS + iPXE ROM, OVMF's own PXE, OVMF + iPXE ROM, dhclient and busybox udhcpc, taken
/// against a server at 10.99.0.1 on 10.99.0.0/24. Their MACs are 52:54:00:00:00:01/02/03/11/12.
/// </summary>
public static class DhcpCaptures
{
    /// <summary>The server the captured REQUESTs chose (their option 54).</summary>
    public static readonly IPAddress CapturedServer = IPAddress.Parse("10.99.0.1");

    public static DhcpMessage Load(string name)
    {
        var hex = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Dhcp", "Captures", name + ".hex")).Trim();
        Assert.True(DhcpMessageCodec.TryParse(Convert.FromHexString(hex), out var message, out var error), $"{name}: {error}");
        return message!;
    }

    public static PhysicalAddress Mac(string text) => PhysicalAddress.Parse(text.Replace(':', '-'));

    /// <summary>A minimal client request (Ethernet, one xid) with the given message type and options.</summary>
    public static DhcpMessage Request(string mac, DhcpMessageType type, params DhcpOption[] options) => new()
    {
        ClientHardwareAddress = Mac(mac).GetAddressBytes(),
        TransactionId = 0x1234_5678,
        Options = [DhcpOption.FromMessageType(type), .. options],
    };

    /// <summary>Option 43 as the client sent it, decoded; null when absent.</summary>
    public static PxeVendorOptions? VendorOptions(DhcpMessage message)
    {
        if (message.GetOption(DhcpOptionCode.VendorSpecific) is not { } value)
        {
            return null;
        }

        Assert.True(PxeVendorOptionsCodec.TryParse(value.Span, out var options, out var error), error.ToString());
        return options;
    }

    /// <summary>The message with option <paramref name="option"/>'s code replaced (or added at the end).</summary>
    public static DhcpMessage With(this DhcpMessage message, DhcpOption option)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(option);
        var options = message.Options.ToList();
        var at = options.FindIndex(o => o.Code == option.Code);
        if (at >= 0)
        {
            options[at] = option;
        }
        else
        {
            options.Add(option);
        }

        return message with { Options = options };
    }

    public static DhcpMessage Without(this DhcpMessage message, DhcpOptionCode code)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with { Options = message.Options.Where(o => o.Code != code).ToList() };
    }
}
