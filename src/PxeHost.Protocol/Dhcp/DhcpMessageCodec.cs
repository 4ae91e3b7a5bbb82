using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// Reads and writes DHCP messages (RFC 2131 §2, RFC 2132, RFC 3396). Parsing never throws: a malformed
/// datagram yields false and a reason. Decisions:
/// <list type="bullet">
/// <item>A missing End option is tolerated: the options end where their field (or the datagram) ends.
/// Firmware and relays are known to truncate or NUL-pad without End, and nothing is ambiguous.</item>
/// <item>Option 52 is honoured only in the options field (RFC 2131 §4.1); file then sname are read after
/// it, and every instance of a code is concatenated in that order (RFC 3396 §5). Option 52 itself is
/// framing and is not kept in the option list; the writer never overloads.</item>
/// <item>sname and file are byte strings up to the first NUL, read and written as Latin-1 so any
/// bytes round-trip exactly.</item>
/// <item>The writer splits values over 255 bytes (RFC 3396 §7), ends with End and pads to 300 bytes,
/// the BOOTP minimum some PXE ROMs insist on.</item>
/// </list>
/// </summary>
public static class DhcpMessageCodec
{
    /// <summary>The fixed BOOTP header, op through file (RFC 2131 §2).</summary>
    public const int HeaderLength = 236;

    public const int OptionsOffset = HeaderLength + 4;

    /// <summary>99.130.83.99 (RFC 2131 §3).</summary>
    public const uint MagicCookie = 0x63825363;

    /// <summary>RFC 951's 64-byte vend field makes a 300-byte BOOTP message; old PXE ROMs drop shorter.</summary>
    public const int MinimumLength = 300;

    public const int MaxHardwareAddressLength = 16;

    public const int ServerNameLength = 64;

    public const int BootFileNameLength = 128;

    private const int MaxOptionChunk = 255;
    private const int ClientAddressOffset = 12;
    private const int ChaddrOffset = 28;
    private const int ServerNameOffset = 44;
    private const int BootFileNameOffset = 108;

    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out DhcpMessage? message, out DhcpParseError error)
    {
        message = null;
        error = ParseCore(datagram, ref message);
        return error == DhcpParseError.None;
    }

    private static DhcpParseError ParseCore(ReadOnlySpan<byte> datagram, ref DhcpMessage? message)
    {
        if (datagram.Length < OptionsOffset)
        {
            return DhcpParseError.TruncatedHeader;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[HeaderLength..]) != MagicCookie)
        {
            return DhcpParseError.BadMagicCookie;
        }

        var hardwareLength = datagram[2];
        if (hardwareLength > MaxHardwareAddressLength)
        {
            return DhcpParseError.HardwareAddressTooLong;
        }

        var serverNameField = datagram.Slice(ServerNameOffset, ServerNameLength);
        var bootFileField = datagram.Slice(BootFileNameOffset, BootFileNameLength);
        var options = new DhcpOptionAccumulator();
        var error = ReadOptions(datagram[OptionsOffset..], options, inOverloadedField: false);
        if (error != DhcpParseError.None)
        {
            return error;
        }

        error = ReadOverloadedFields(options, bootFileField, serverNameField, out var overload);
        if (error != DhcpParseError.None)
        {
            return error;
        }

        message = new DhcpMessage
        {
            Opcode = (DhcpOpcode)datagram[0],
            HardwareType = datagram[1],
            ClientHardwareAddress = datagram.Slice(ChaddrOffset, hardwareLength).ToArray(),
            Hops = datagram[3],
            TransactionId = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]),
            Seconds = BinaryPrimitives.ReadUInt16BigEndian(datagram[8..]),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(datagram[10..]),
            ClientAddress = ReadAddress(datagram, 0),
            YourAddress = ReadAddress(datagram, 1),
            ServerAddress = ReadAddress(datagram, 2),
            GatewayAddress = ReadAddress(datagram, 3),
            ServerName = (overload & 2) != 0 ? string.Empty : ReadField(serverNameField),
            BootFileName = (overload & 1) != 0 ? string.Empty : ReadField(bootFileField),
            Options = options.ToList(),
        };
        return DhcpParseError.None;
    }

    /// <summary>RFC 2131 §4.1: with option 52, "file" is read next when it carries options, then "sname".</summary>
    private static DhcpParseError ReadOverloadedFields(
        DhcpOptionAccumulator options, ReadOnlySpan<byte> bootFileField, ReadOnlySpan<byte> serverNameField, out byte overload)
    {
        overload = 0;
        if (options.Remove(DhcpOptionCode.OptionOverload) is not { } value)
        {
            return DhcpParseError.None;
        }

        if (value.Length != 1 || value[0] is < 1 or > 3)
        {
            return DhcpParseError.InvalidOptionOverload;
        }

        overload = value[0];
        var error = DhcpParseError.None;
        if ((overload & 1) != 0)
        {
            error = ReadOptions(bootFileField, options, inOverloadedField: true);
        }

        if (error == DhcpParseError.None && (overload & 2) != 0)
        {
            error = ReadOptions(serverNameField, options, inOverloadedField: true);
        }

        return error;
    }

    private static DhcpParseError ReadOptions(ReadOnlySpan<byte> field, DhcpOptionAccumulator options, bool inOverloadedField)
    {
        var position = 0;
        while (position < field.Length)
        {
            var code = (DhcpOptionCode)field[position];
            if (code == DhcpOptionCode.Pad)
            {
                position++;
                continue;
            }

            if (code == DhcpOptionCode.End)
            {
                return DhcpParseError.None;
            }

            if (position + 1 >= field.Length || position + 2 + field[position + 1] > field.Length)
            {
                return DhcpParseError.OptionOverrun;
            }

            if (inOverloadedField && code == DhcpOptionCode.OptionOverload)
            {
                return DhcpParseError.OverloadInOverloadedArea;
            }

            var length = field[position + 1];
            options.Append(code, field.Slice(position + 2, length));
            position += 2 + length;
        }

        // No End: tolerated, the field's end ends the options.
        return DhcpParseError.None;
    }

    private static IPAddress ReadAddress(ReadOnlySpan<byte> datagram, int index) =>
        new(datagram.Slice(ClientAddressOffset + (index * 4), 4));

    private static string ReadField(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Latin1.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>The number of bytes <see cref="WriteTo"/> writes: header, cookie, options, End, padding.</summary>
    public static int GetLength(DhcpMessage message)
    {
        Validate(message);
        var length = OptionsOffset + 1;
        foreach (var option in message.Options)
        {
            length += OptionWireLength(option.Value.Length);
        }

        return Math.Max(length, MinimumLength);
    }

    /// <summary>Writes the message and returns the number of bytes written.</summary>
    public static int WriteTo(DhcpMessage message, Span<byte> destination)
    {
        var length = GetLength(message);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The message needs {length} bytes.", nameof(destination));
        }

        destination[..length].Clear();
        destination[0] = (byte)message.Opcode;
        destination[1] = message.HardwareType;
        destination[2] = message.HardwareAddressLength;
        destination[3] = message.Hops;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], message.TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], message.Seconds);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], message.Flags);
        IPAddress[] addresses = [message.ClientAddress, message.YourAddress, message.ServerAddress, message.GatewayAddress];
        for (var i = 0; i < addresses.Length; i++)
        {
            addresses[i].TryWriteBytes(destination[(ClientAddressOffset + (i * 4))..], out _);
        }

        message.ClientHardwareAddress.Span.CopyTo(destination[ChaddrOffset..]);
        Latin1.GetBytes(message.ServerName, destination[ServerNameOffset..]);
        Latin1.GetBytes(message.BootFileName, destination[BootFileNameOffset..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[HeaderLength..], MagicCookie);

        var position = OptionsOffset;
        foreach (var option in message.Options)
        {
            position += WriteOption(option, destination[position..]);
        }

        destination[position] = (byte)DhcpOptionCode.End;
        return length;
    }

    public static byte[] ToArray(DhcpMessage message)
    {
        var bytes = new byte[GetLength(message)];
        WriteTo(message, bytes);
        return bytes;
    }

    /// <summary>RFC 3396 §7: a value over 255 bytes goes out as consecutive instances of its code.</summary>
    private static int WriteOption(DhcpOption option, Span<byte> destination)
    {
        var value = option.Value.Span;
        var position = 0;
        do
        {
            var chunk = Math.Min(value.Length, MaxOptionChunk);
            destination[position] = (byte)option.Code;
            destination[position + 1] = (byte)chunk;
            value[..chunk].CopyTo(destination[(position + 2)..]);
            value = value[chunk..];
            position += 2 + chunk;
        }
        while (!value.IsEmpty);

        return position;
    }

    private static int OptionWireLength(int valueLength) =>
        valueLength == 0 ? 2 : valueLength + (2 * ((valueLength + MaxOptionChunk - 1) / MaxOptionChunk));

    private static void Validate(DhcpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ClientHardwareAddress.Length > MaxHardwareAddressLength)
        {
            throw new ArgumentException("chaddr holds at most 16 bytes.", nameof(message));
        }

        foreach (var address in (IPAddress[])[message.ClientAddress, message.YourAddress, message.ServerAddress, message.GatewayAddress])
        {
            if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException($"{address} is not an IPv4 address.", nameof(message));
            }
        }

        ValidateField(message.ServerName, ServerNameLength, "sname");
        ValidateField(message.BootFileName, BootFileNameLength, "file");
        foreach (var option in message.Options)
        {
            if (option.Code is DhcpOptionCode.Pad or DhcpOptionCode.End or DhcpOptionCode.OptionOverload)
            {
                throw new ArgumentException($"Option {option.Code} is framing the codec writes itself.", nameof(message));
            }
        }
    }

    private static void ValidateField(string value, int fieldLength, string field)
    {
        if (value.Length > fieldLength || value.Any(c => c > 0xFF))
        {
            throw new ArgumentException($"The {field} field holds at most {fieldLength} Latin-1 characters.", nameof(value));
        }
    }
}
