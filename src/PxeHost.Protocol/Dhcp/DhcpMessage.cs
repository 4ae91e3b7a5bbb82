using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Text;

namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// A DHCP message (RFC 2131 §2): the BOOTP header and its options, in the order they first appeared.
/// Option 52 (overload), Pad and End are wire framing the codec consumes, so they never appear in
/// <see cref="Options"/>. Equality compares every field, bytes and options included.
/// </summary>
public sealed record DhcpMessage
{
    public const byte EthernetHardwareType = 1;

    /// <summary>The one defined bit of the flags field (RFC 2131 §2, figure 2).</summary>
    public const ushort BroadcastFlag = 0x8000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public DhcpOpcode Opcode { get; init; } = DhcpOpcode.BootRequest;

    public byte HardwareType { get; init; } = EthernetHardwareType;

    /// <summary>The hlen bytes of chaddr; hlen is written as this length (at most 16).</summary>
    public ReadOnlyMemory<byte> ClientHardwareAddress { get; init; }

    public byte HardwareAddressLength => (byte)ClientHardwareAddress.Length;

    public byte Hops { get; init; }

    public uint TransactionId { get; init; }

    public ushort Seconds { get; init; }

    public ushort Flags { get; init; }

    public bool IsBroadcast => (Flags & BroadcastFlag) != 0;

    public IPAddress ClientAddress { get; init; } = IPAddress.Any;

    public IPAddress YourAddress { get; init; } = IPAddress.Any;

    /// <summary>siaddr: the next server, where PXE firmware fetches the boot file from by TFTP.</summary>
    public IPAddress ServerAddress { get; init; } = IPAddress.Any;

    public IPAddress GatewayAddress { get; init; } = IPAddress.Any;

    /// <summary>sname up to its first NUL; empty when the field was overloaded with options.</summary>
    public string ServerName { get; init; } = string.Empty;

    /// <summary>file up to its first NUL; empty when the field was overloaded with options.</summary>
    public string BootFileName { get; init; } = string.Empty;

    public IReadOnlyList<DhcpOption> Options { get; init; } = [];

    /// <summary>The client's MAC address when the hardware is Ethernet (htype 1, hlen 6), else null.</summary>
    public PhysicalAddress? ClientMacAddress =>
        HardwareType == EthernetHardwareType && ClientHardwareAddress.Length == 6
            ? new PhysicalAddress(ClientHardwareAddress.ToArray())
            : null;

    public DhcpMessageType? MessageType =>
        GetOption(DhcpOptionCode.MessageType) is { Length: 1 } value ? (DhcpMessageType)value.Span[0] : null;

    /// <summary>Option 55, in the client's order of preference (RFC 2132 §9.8).</summary>
    public IReadOnlyList<DhcpOptionCode> ParameterRequestList =>
        GetOption(DhcpOptionCode.ParameterRequestList) is { } value
            ? value.ToArray().Select(b => (DhcpOptionCode)b).ToArray()
            : [];

    /// <summary>The first architecture of option 93 (RFC 4578 §2.1: a list of 16-bit types).</summary>
    public ClientArchitecture? ClientArchitecture =>
        GetOption(DhcpOptionCode.ClientSystemArchitecture) is { Length: >= 2 } value
            ? (ClientArchitecture)BinaryPrimitives.ReadUInt16BigEndian(value.Span)
            : null;

    /// <summary>The whole (concatenated) value of an option, or null when the message lacks it.</summary>
    public ReadOnlyMemory<byte>? GetOption(DhcpOptionCode code)
    {
        foreach (var option in Options)
        {
            if (option.Code == code)
            {
                return option.Value;
            }
        }

        return null;
    }

    public bool HasOption(DhcpOptionCode code) => GetOption(code) is not null;

    /// <summary>The option as UTF-8 text, trailing NULs dropped (some firmware terminates strings).</summary>
    public string? GetString(DhcpOptionCode code) =>
        GetOption(code) is { } value ? Utf8.GetString(value.Span.TrimEnd((byte)0)) : null;

    public byte? GetByte(DhcpOptionCode code) => GetOption(code) is { Length: 1 } value ? value.Span[0] : null;

    public ushort? GetUInt16(DhcpOptionCode code) =>
        GetOption(code) is { Length: 2 } value ? BinaryPrimitives.ReadUInt16BigEndian(value.Span) : null;

    public uint? GetUInt32(DhcpOptionCode code) =>
        GetOption(code) is { Length: 4 } value ? BinaryPrimitives.ReadUInt32BigEndian(value.Span) : null;

    /// <summary>A 32-bit count of seconds (lease, renewal, rebinding time) as a duration.</summary>
    public TimeSpan? GetSeconds(DhcpOptionCode code) =>
        GetUInt32(code) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>The option as IPv4 addresses; null when absent, empty or not a multiple of four bytes.</summary>
    public IReadOnlyList<IPAddress>? GetAddresses(DhcpOptionCode code)
    {
        if (GetOption(code) is not { } value || value.Length == 0 || value.Length % 4 != 0)
        {
            return null;
        }

        var addresses = new IPAddress[value.Length / 4];
        for (var i = 0; i < addresses.Length; i++)
        {
            addresses[i] = new IPAddress(value.Span.Slice(i * 4, 4));
        }

        return addresses;
    }

    /// <summary>The option as exactly one IPv4 address (server identifier, requested address).</summary>
    public IPAddress? GetAddress(DhcpOptionCode code) =>
        GetOption(code) is { Length: 4 } value ? new IPAddress(value.Span) : null;

    public bool Equals(DhcpMessage? other) =>
        other is not null
        && Opcode == other.Opcode
        && HardwareType == other.HardwareType
        && ClientHardwareAddress.Span.SequenceEqual(other.ClientHardwareAddress.Span)
        && Hops == other.Hops
        && TransactionId == other.TransactionId
        && Seconds == other.Seconds
        && Flags == other.Flags
        && ClientAddress.Equals(other.ClientAddress)
        && YourAddress.Equals(other.YourAddress)
        && ServerAddress.Equals(other.ServerAddress)
        && GatewayAddress.Equals(other.GatewayAddress)
        && ServerName == other.ServerName
        && BootFileName == other.BootFileName
        && Options.SequenceEqual(other.Options);

    public override int GetHashCode() =>
        HashCode.Combine(Opcode, TransactionId, Seconds, Flags, YourAddress, BootFileName, Options.Count);
}
