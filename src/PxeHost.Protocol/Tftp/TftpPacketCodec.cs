using System.Buffers.Binary;
using System.Text;

namespace PxeHost.Protocol.Tftp;

/// <summary>
/// Reads and writes TFTP packets (RFC 1350 §5, RFC 2347 §2). Parsing never throws: a malformed
/// datagram yields false and a reason. Firmware quirks tolerated: requests padded with NUL bytes,
/// ACKs longer than four bytes, and a dangling option name without a value (ignored, as tftpd-hpa does).
/// </summary>
public static class TftpPacketCodec
{
    /// <summary>Largest DATA payload an option may negotiate (RFC 2348: blksize 8–65464).</summary>
    public const int MaxPayload = 65464;

    public const int DataHeaderLength = 4;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static bool TryParse(ReadOnlySpan<byte> datagram, out TftpPacket? packet, out TftpParseError error)
    {
        packet = null;
        if (datagram.Length < 2)
        {
            error = TftpParseError.Truncated;
            return false;
        }

        var body = datagram[2..];
        error = (TftpOpcode)BinaryPrimitives.ReadUInt16BigEndian(datagram) switch
        {
            TftpOpcode.ReadRequest => ParseRequest(TftpOpcode.ReadRequest, body, out packet),
            TftpOpcode.WriteRequest => ParseRequest(TftpOpcode.WriteRequest, body, out packet),
            TftpOpcode.Data => ParseData(body, out packet),
            TftpOpcode.Acknowledgment => ParseAck(body, out packet),
            TftpOpcode.Error => ParseError(body, out packet),
            TftpOpcode.OptionAcknowledgment => ParseOptionAck(body, out packet),
            _ => TftpParseError.UnknownOpcode,
        };
        return error == TftpParseError.None;
    }

    private static TftpParseError ParseRequest(TftpOpcode opcode, ReadOnlySpan<byte> body, out TftpPacket? packet)
    {
        packet = null;
        if (!TryReadString(ref body, out var filename))
        {
            return TftpParseError.UnterminatedString;
        }

        if (!TryReadString(ref body, out var mode))
        {
            return TftpParseError.UnterminatedString;
        }

        if (filename.Length == 0)
        {
            return TftpParseError.EmptyFilename;
        }

        if (mode.Length == 0)
        {
            return TftpParseError.EmptyMode;
        }

        packet = new TftpRequestPacket(opcode, filename, mode, ReadOptions(body));
        return TftpParseError.None;
    }

    private static TftpParseError ParseData(ReadOnlySpan<byte> body, out TftpPacket? packet)
    {
        packet = null;
        if (body.Length < 2)
        {
            return TftpParseError.Truncated;
        }

        if (body.Length - 2 > MaxPayload)
        {
            return TftpParseError.PayloadTooLarge;
        }

        packet = new TftpDataPacket(BinaryPrimitives.ReadUInt16BigEndian(body), body[2..].ToArray());
        return TftpParseError.None;
    }

    private static TftpParseError ParseAck(ReadOnlySpan<byte> body, out TftpPacket? packet)
    {
        packet = null;
        if (body.Length < 2)
        {
            return TftpParseError.Truncated;
        }

        packet = new TftpAckPacket(BinaryPrimitives.ReadUInt16BigEndian(body));
        return TftpParseError.None;
    }

    private static TftpParseError ParseError(ReadOnlySpan<byte> body, out TftpPacket? packet)
    {
        packet = null;
        if (body.Length < 2)
        {
            return TftpParseError.Truncated;
        }

        var code = (TftpErrorCode)BinaryPrimitives.ReadUInt16BigEndian(body);
        var text = body[2..];
        var end = text.IndexOf((byte)0);
        var message = Utf8.GetString(end < 0 ? text : text[..end]);
        packet = new TftpErrorPacket(code, message);
        return TftpParseError.None;
    }

    private static TftpParseError ParseOptionAck(ReadOnlySpan<byte> body, out TftpPacket? packet)
    {
        packet = new TftpOptionAckPacket(ReadOptions(body));
        return TftpParseError.None;
    }

    private static List<TftpOption> ReadOptions(ReadOnlySpan<byte> body)
    {
        var options = new List<TftpOption>();
        while (TryReadString(ref body, out var name) && name.Length > 0 && TryReadString(ref body, out var value))
        {
            options.Add(new TftpOption(name, value));
        }

        return options;
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> span, out string value)
    {
        var end = span.IndexOf((byte)0);
        if (end < 0)
        {
            value = string.Empty;
            return false;
        }

        value = Utf8.GetString(span[..end]);
        span = span[(end + 1)..];
        return true;
    }

    /// <summary>The number of bytes <see cref="WriteTo"/> needs for this packet.</summary>
    public static int GetLength(TftpPacket packet) => packet switch
    {
        TftpRequestPacket r => 2 + StringLength(r.Filename) + StringLength(r.Mode) + OptionsLength(r.Options),
        TftpDataPacket d => DataHeaderLength + d.Payload.Length,
        TftpAckPacket => 4,
        TftpErrorPacket e => 4 + StringLength(e.Message),
        TftpOptionAckPacket o => 2 + OptionsLength(o.Options),
        _ => throw new ArgumentOutOfRangeException(nameof(packet)),
    };

    /// <summary>Writes the packet and returns the number of bytes written.</summary>
    public static int WriteTo(TftpPacket packet, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var length = GetLength(packet);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The packet needs {length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Opcode);
        var rest = destination[2..];
        switch (packet)
        {
            case TftpRequestPacket r:
                WriteString(ref rest, r.Filename);
                WriteString(ref rest, r.Mode);
                WriteOptions(ref rest, r.Options);
                break;
            case TftpDataPacket d:
                BinaryPrimitives.WriteUInt16BigEndian(rest, d.Block);
                d.Payload.Span.CopyTo(rest[2..]);
                break;
            case TftpAckPacket a:
                BinaryPrimitives.WriteUInt16BigEndian(rest, a.Block);
                break;
            case TftpErrorPacket e:
                BinaryPrimitives.WriteUInt16BigEndian(rest, (ushort)e.Code);
                rest = rest[2..];
                WriteString(ref rest, e.Message);
                break;
            case TftpOptionAckPacket o:
                WriteOptions(ref rest, o.Options);
                break;
        }

        return length;
    }

    /// <summary>Writes a DATA header in place, so the server can read file bytes straight after it.</summary>
    public static void WriteDataHeader(Span<byte> destination, ushort block)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Data);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], block);
    }

    public static byte[] ToArray(TftpPacket packet)
    {
        var bytes = new byte[GetLength(packet)];
        WriteTo(packet, bytes);
        return bytes;
    }

    private static int StringLength(string value) => Utf8.GetByteCount(value) + 1;

    private static int OptionsLength(IReadOnlyList<TftpOption> options)
    {
        var length = 0;
        foreach (var option in options)
        {
            length += StringLength(option.Name) + StringLength(option.Value);
        }

        return length;
    }

    private static void WriteString(ref Span<byte> span, string value)
    {
        var written = Utf8.GetBytes(value, span);
        span[written] = 0;
        span = span[(written + 1)..];
    }

    private static void WriteOptions(ref Span<byte> span, IReadOnlyList<TftpOption> options)
    {
        foreach (var option in options)
        {
            WriteString(ref span, option.Name);
            WriteString(ref span, option.Value);
        }
    }
}
