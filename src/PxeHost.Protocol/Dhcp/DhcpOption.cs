using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// One option as the message carries it: a code and its whole value, already concatenated from every
/// instance of the code (RFC 3396), so a value may be longer than 255 bytes. Equality compares bytes.
/// </summary>
public sealed record DhcpOption(DhcpOptionCode Code, ReadOnlyMemory<byte> Value)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static DhcpOption FromByte(DhcpOptionCode code, byte value) => new(code, new[] { value });

    public static DhcpOption FromMessageType(DhcpMessageType type) => FromByte(DhcpOptionCode.MessageType, (byte)type);

    public static DhcpOption FromUInt16(DhcpOptionCode code, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return new(code, bytes);
    }

    public static DhcpOption FromUInt32(DhcpOptionCode code, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new(code, bytes);
    }

    /// <summary>A lease, renewal or rebinding time in whole seconds (RFC 2132 §9.2, §9.11, §9.12).</summary>
    public static DhcpOption FromSeconds(DhcpOptionCode code, TimeSpan duration) =>
        FromUInt32(code, (uint)Math.Clamp(Math.Floor(duration.TotalSeconds), 0, uint.MaxValue));

    public static DhcpOption FromAddresses(DhcpOptionCode code, params IReadOnlyList<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var bytes = new byte[addresses.Count * 4];
        for (var i = 0; i < addresses.Count; i++)
        {
            if (addresses[i].AddressFamily != AddressFamily.InterNetwork)
            {
                throw new ArgumentException("DHCPv4 options carry IPv4 addresses only.", nameof(addresses));
            }

            addresses[i].TryWriteBytes(bytes.AsSpan(i * 4), out _);
        }

        return new(code, bytes);
    }

    /// <summary>Text as UTF-8 without a terminating NUL (RFC 2132 §2: NUL termination is not required).</summary>
    public static DhcpOption FromString(DhcpOptionCode code, string value) => new(code, Utf8.GetBytes(value));

    public bool Equals(DhcpOption? other) =>
        other is not null && Code == other.Code && Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Code);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Code} ({(byte)Code}): {Convert.ToHexString(Value.Span)}";
}
