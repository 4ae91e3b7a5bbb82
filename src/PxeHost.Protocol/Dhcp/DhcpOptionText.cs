using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// An option as people read it — the way dnsmasq's --log-dhcp prints what it sends: its code, its name
/// and its value decoded as text, addresses, seconds or numbers, else as hex.
/// </summary>
public static class DhcpOptionText
{
    /// <summary>"54 server-identifier: 10.0.0.1".</summary>
    public static string Describe(DhcpOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        return string.Create(CultureInfo.InvariantCulture, $"{(byte)option.Code} {Name(option.Code)}: {Value(option)}");
    }

    /// <summary>The RFC's name in dnsmasq's spelling ("domain-name-server"); "option N" for a code without a name here.</summary>
    public static string Name(DhcpOptionCode code)
    {
        if (!Enum.IsDefined(code))
        {
            return string.Create(CultureInfo.InvariantCulture, $"option-{(byte)code}");
        }

        var name = new StringBuilder();
        foreach (var c in code.ToString())
        {
            if (char.IsUpper(c) && name.Length > 0)
            {
                name.Append('-');
            }

            name.Append(char.ToLowerInvariant(c));
        }

        return name.ToString();
    }

    /// <summary>The value decoded by what the option carries; one that does not fit its type is shown as hex.</summary>
    public static string Value(DhcpOption option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var value = option.Value.Span;
        return option.Code switch
        {
            DhcpOptionCode.MessageType when value.Length == 1 => ((DhcpMessageType)value[0]).ToString(),
            DhcpOptionCode.SubnetMask or DhcpOptionCode.Router or DhcpOptionCode.DomainNameServer or DhcpOptionCode.BroadcastAddress or DhcpOptionCode.NtpServers
                or DhcpOptionCode.RequestedIpAddress or DhcpOptionCode.ServerIdentifier when value.Length > 0 && value.Length % 4 == 0
                => string.Join(", ", Enumerable.Range(0, value.Length / 4).Select(i => new IPAddress(option.Value.Span.Slice(i * 4, 4)))),
            DhcpOptionCode.LeaseTime or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime or DhcpOptionCode.PxeLinuxRebootTime when value.Length == 4
                => string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt32BigEndian(value)} s"),
            DhcpOptionCode.InterfaceMtu or DhcpOptionCode.MaxMessageSize or DhcpOptionCode.BootFileSize when value.Length == 2
                => BinaryPrimitives.ReadUInt16BigEndian(value).ToString(CultureInfo.InvariantCulture),
            DhcpOptionCode.ClientSystemArchitecture when value.Length == 2
                => string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt16BigEndian(value)} ({((ClientArchitecture)BinaryPrimitives.ReadUInt16BigEndian(value)).Words()})"),
            DhcpOptionCode.ParameterRequestList => string.Join(", ", value.ToArray()),
            DhcpOptionCode.HostName or DhcpOptionCode.DomainName or DhcpOptionCode.RootPath or DhcpOptionCode.Message or DhcpOptionCode.VendorClassIdentifier
                or DhcpOptionCode.TftpServerName or DhcpOptionCode.BootfileName or DhcpOptionCode.PxeLinuxConfigFile or DhcpOptionCode.PxeLinuxPathPrefix
                => Text(value),
            DhcpOptionCode.VendorSpecific when PxeVendorOptionsCodec.TryParse(value, out var pxe, out _) => Pxe(pxe!),
            _ => Hex(value),
        };
    }

    /// <summary>Text as sent (a trailing NUL, as some servers send, dropped); with any other control character, hex: a log line must stay one line.</summary>
    private static string Text(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value).TrimEnd('\0');
        return text.Any(char.IsControl) ? Hex(value) : $"\"{text}\"";
    }

    private static string Pxe(PxeVendorOptions pxe)
    {
        var parts = new List<string>();
        if (pxe.DiscoveryControl is { } control)
        {
            parts.Add($"discovery control {control}");
        }

        if (pxe.BootMenu.Count > 0)
        {
            parts.Add("menu " + string.Join(", ", pxe.BootMenu.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Type:x4} \"{m.Description}\""))));
        }

        if (pxe.MenuPrompt is { } prompt)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"prompt \"{prompt.Prompt}\" for {prompt.TimeoutSeconds} s"));
        }

        if (pxe.BootItem is { } item)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"boot item {item.Type:x4} layer {item.Layer}"));
        }

        return parts.Count == 0 ? "PXE" : "PXE: " + string.Join(", ", parts);
    }

    private static string Hex(ReadOnlySpan<byte> value) => value.IsEmpty ? "(empty)" : Convert.ToHexString(value).ToLowerInvariant();
}
