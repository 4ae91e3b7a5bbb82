using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// Reads and writes the PXE suboptions inside option 43 (PXE specification 2.1, table 2-1). Parsing
/// never throws. A missing End (255) is tolerated as in the DHCP options; a repeated suboption keeps
/// its last instance. Texts are byte strings (Latin-1), as firmware prints them. The writer emits the
/// decoded suboptions in code order, then the others, then End.
/// </summary>
public static class PxeVendorOptionsCodec
{
    private const int MaxSuboptionLength = 255;

    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static bool TryParse(ReadOnlySpan<byte> value, out PxeVendorOptions? options, out PxeVendorParseError error)
    {
        options = null;
        var result = new PxeVendorOptions();
        var others = new List<PxeSuboption>();
        var position = 0;
        error = PxeVendorParseError.None;
        while (position < value.Length && error == PxeVendorParseError.None)
        {
            var code = (PxeSuboptionCode)value[position];
            if (code == PxeSuboptionCode.Pad)
            {
                position++;
                continue;
            }

            if (code == PxeSuboptionCode.End)
            {
                break;
            }

            if (position + 1 >= value.Length || position + 2 + value[position + 1] > value.Length)
            {
                error = PxeVendorParseError.SuboptionOverrun;
                break;
            }

            var data = value.Slice(position + 2, value[position + 1]);
            position += 2 + data.Length;
            error = ReadSuboption(code, data, ref result, others);
        }

        if (error != PxeVendorParseError.None)
        {
            return false;
        }

        options = result with { OtherSuboptions = others };
        return true;
    }

    private static PxeVendorParseError ReadSuboption(
        PxeSuboptionCode code, ReadOnlySpan<byte> data, ref PxeVendorOptions result, List<PxeSuboption> others)
    {
        switch (code)
        {
            case PxeSuboptionCode.DiscoveryControl when data.Length != 1:
                return PxeVendorParseError.InvalidDiscoveryControl;
            case PxeSuboptionCode.DiscoveryControl:
                result = result with { DiscoveryControl = (PxeDiscoveryControl)data[0] };
                return PxeVendorParseError.None;
            case PxeSuboptionCode.BootServers:
                var servers = ReadBootServers(data);
                result = result with { BootServers = servers ?? [] };
                return servers is null ? PxeVendorParseError.InvalidBootServers : PxeVendorParseError.None;
            case PxeSuboptionCode.BootMenu:
                var menu = ReadBootMenu(data);
                result = result with { BootMenu = menu ?? [] };
                return menu is null ? PxeVendorParseError.InvalidBootMenu : PxeVendorParseError.None;
            case PxeSuboptionCode.MenuPrompt when data.Length < 1:
                return PxeVendorParseError.InvalidMenuPrompt;
            case PxeSuboptionCode.MenuPrompt:
                result = result with { MenuPrompt = new PxeMenuPrompt(data[0], Latin1.GetString(data[1..])) };
                return PxeVendorParseError.None;
            case PxeSuboptionCode.BootItem when data.Length != 4:
                return PxeVendorParseError.InvalidBootItem;
            case PxeSuboptionCode.BootItem:
                result = result with
                {
                    BootItem = new PxeBootItem(
                        BinaryPrimitives.ReadUInt16BigEndian(data), BinaryPrimitives.ReadUInt16BigEndian(data[2..])),
                };
                return PxeVendorParseError.None;
            default:
                others.Add(new PxeSuboption(code, data.ToArray()));
                return PxeVendorParseError.None;
        }
    }

    private static List<PxeBootServer>? ReadBootServers(ReadOnlySpan<byte> data)
    {
        var servers = new List<PxeBootServer>();
        while (!data.IsEmpty)
        {
            if (data.Length < 3 || data.Length < 3 + (data[2] * 4))
            {
                return null;
            }

            var addresses = new IPAddress[data[2]];
            for (var i = 0; i < addresses.Length; i++)
            {
                addresses[i] = new IPAddress(data.Slice(3 + (i * 4), 4));
            }

            servers.Add(new PxeBootServer(BinaryPrimitives.ReadUInt16BigEndian(data), addresses));
            data = data[(3 + (addresses.Length * 4))..];
        }

        return servers;
    }

    private static List<PxeBootMenuItem>? ReadBootMenu(ReadOnlySpan<byte> data)
    {
        var items = new List<PxeBootMenuItem>();
        while (!data.IsEmpty)
        {
            if (data.Length < 3 || data.Length < 3 + data[2])
            {
                return null;
            }

            items.Add(new PxeBootMenuItem(BinaryPrimitives.ReadUInt16BigEndian(data), Latin1.GetString(data.Slice(3, data[2]))));
            data = data[(3 + data[2])..];
        }

        return items;
    }

    /// <summary>The option 43 value for these suboptions, End included.</summary>
    public static byte[] ToArray(PxeVendorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bytes = new List<byte>();
        if (options.DiscoveryControl is { } control)
        {
            AddSuboption(bytes, PxeSuboptionCode.DiscoveryControl, [(byte)control]);
        }

        if (options.BootServers.Count > 0)
        {
            AddSuboption(bytes, PxeSuboptionCode.BootServers, [.. options.BootServers.SelectMany(BootServerBytes)]);
        }

        if (options.BootMenu.Count > 0)
        {
            AddSuboption(bytes, PxeSuboptionCode.BootMenu, [.. options.BootMenu.SelectMany(MenuItemBytes)]);
        }

        if (options.MenuPrompt is { } prompt)
        {
            AddSuboption(bytes, PxeSuboptionCode.MenuPrompt, [prompt.TimeoutSeconds, .. Text(prompt.Prompt, 254)]);
        }

        if (options.BootItem is { } item)
        {
            AddSuboption(bytes, PxeSuboptionCode.BootItem, [.. UInt16Bytes(item.Type), .. UInt16Bytes(item.Layer)]);
        }

        foreach (var other in options.OtherSuboptions)
        {
            if (other.Code is PxeSuboptionCode.Pad or PxeSuboptionCode.End)
            {
                throw new ArgumentException($"Suboption {other.Code} is framing the codec writes itself.", nameof(options));
            }

            AddSuboption(bytes, other.Code, other.Value.ToArray());
        }

        bytes.Add((byte)PxeSuboptionCode.End);
        return [.. bytes];
    }

    /// <summary>Option 43 ready for a DHCP message.</summary>
    public static DhcpOption ToOption(PxeVendorOptions options) => new(DhcpOptionCode.VendorSpecific, ToArray(options));

    private static void AddSuboption(List<byte> bytes, PxeSuboptionCode code, byte[] value)
    {
        if (value.Length > MaxSuboptionLength)
        {
            throw new ArgumentException($"Suboption {code} needs {value.Length} bytes; at most 255 fit.", nameof(value));
        }

        bytes.Add((byte)code);
        bytes.Add((byte)value.Length);
        bytes.AddRange(value);
    }

    private static IEnumerable<byte> BootServerBytes(PxeBootServer server)
    {
        if (server.Addresses.Count > byte.MaxValue || server.Addresses.Any(a => a.AddressFamily != AddressFamily.InterNetwork))
        {
            throw new ArgumentException("A boot server lists at most 255 IPv4 addresses.", nameof(server));
        }

        return [.. UInt16Bytes(server.Type), (byte)server.Addresses.Count, .. server.Addresses.SelectMany(a => a.GetAddressBytes())];
    }

    private static IEnumerable<byte> MenuItemBytes(PxeBootMenuItem item)
    {
        var text = Text(item.Description, byte.MaxValue);
        return [.. UInt16Bytes(item.Type), (byte)text.Length, .. text];
    }

    private static byte[] UInt16Bytes(ushort value) => [(byte)(value >> 8), (byte)value];

    private static byte[] Text(string value, int maxLength)
    {
        if (value.Length > maxLength || value.Any(c => c > 0xFF))
        {
            throw new ArgumentException($"\"{value}\" is not at most {maxLength} Latin-1 characters.", nameof(value));
        }

        return Latin1.GetBytes(value);
    }
}
