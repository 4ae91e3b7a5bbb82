using System.Buffers.Binary;
using System.Net.Sockets;
using PxeHost.Events;

namespace PxeHost.Timeline;

/// <summary>
/// Writes datagrams as a classic libpcap file (magic <c>a1b2c3d4</c>, microsecond times) of link type
/// LINKTYPE_RAW: each record is an IPv4 header and a UDP header built around the kept payload, so
/// Wireshark and tshark dissect DHCP, port 4011 and TFTP as they would a capture of the wire. No MAC
/// addresses: the server keeps none of the frames, and the DHCP message itself names the client's.
/// </summary>
/// <remarks>
/// The headers state the lengths the datagram had on the wire; a payload kept in part (a TFTP DATA
/// block, see <c>TftpTransferCapture</c>) is a record whose captured length is below its original
/// length, which the tools show as cut by the snapshot length. Such a datagram's UDP checksum is 0
/// (none, RFC 768); every other one carries its real checksum.
/// </remarks>
public sealed class PcapWriter
{
    public const uint Magic = 0xa1b2c3d4;

    /// <summary>LINKTYPE_RAW: the record starts with the IP header (tcpdump.org link-layer header types).</summary>
    public const uint LinkTypeRaw = 101;

    public const int HeaderLength = 24;

    public const int RecordHeaderLength = 16;

    public const int Ipv4HeaderLength = 20;

    public const int UdpHeaderLength = 8;

    private const int SnapLength = 65535;

    private readonly Stream _output;
    private ushort _identification;

    private PcapWriter(Stream output) => _output = output;

    /// <summary>Writes the file header; the records follow with <see cref="Write"/>.</summary>
    public static PcapWriter Start(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> header = stackalloc byte[HeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeRaw);
        output.Write(header);
        return new PcapWriter(output);
    }

    /// <summary>Writes every packet, in the order given, into a new capture file on <paramref name="output"/>.</summary>
    public static int WriteAll(Stream output, IEnumerable<UdpPacket> packets)
    {
        ArgumentNullException.ThrowIfNull(packets);
        var writer = Start(output);
        var count = 0;
        foreach (var packet in packets)
        {
            writer.Write(packet);
            count++;
        }

        return count;
    }

    /// <summary>One record: the time, the lengths, then the IPv4 packet. IPv6 endpoints have no place in an IPv4 header and are refused.</summary>
    public void Write(UdpPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var datagram = Ipv4Datagram(packet, _identification++);
        var wireLength = Ipv4HeaderLength + UdpHeaderLength + packet.Length;
        var microseconds = TimelineDatabase.Microseconds(packet.Time);
        Span<byte> record = stackalloc byte[RecordHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(microseconds / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(microseconds % 1_000_000));
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], datagram.Length);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], wireLength);
        _output.Write(record);
        _output.Write(datagram);
    }

    /// <summary>The IPv4 header (RFC 791, with its checksum), the UDP header (RFC 768) and the kept payload.</summary>
    public static byte[] Ipv4Datagram(UdpPacket packet, ushort identification)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Source.AddressFamily != AddressFamily.InterNetwork || packet.Destination.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{packet.Source} -> {packet.Destination}: only IPv4 datagrams are written", nameof(packet));
        }

        var payload = packet.Payload.Span;
        var udpLength = UdpHeaderLength + packet.Length;
        var bytes = new byte[Ipv4HeaderLength + UdpHeaderLength + payload.Length];
        var ip = bytes.AsSpan(0, Ipv4HeaderLength);
        ip[0] = 0x45; // version 4, header of 5 words
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(Ipv4HeaderLength + udpLength));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], identification);
        ip[8] = 64; // TTL
        ip[9] = (byte)ProtocolType.Udp;
        packet.Source.Address.TryWriteBytes(ip[12..16], out _);
        packet.Destination.Address.TryWriteBytes(ip[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));

        var udp = bytes.AsSpan(Ipv4HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)packet.Source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)packet.Destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        payload.CopyTo(udp[UdpHeaderLength..]);
        if (!packet.Truncated)
        {
            BinaryPrimitives.WriteUInt16BigEndian(udp[6..], UdpChecksum(ip, udp));
        }

        return bytes;
    }

    /// <summary>RFC 768: over the pseudo-header (addresses, protocol, UDP length) and the datagram; a sum of 0 is sent as all ones.</summary>
    private static ushort UdpChecksum(ReadOnlySpan<byte> ip, ReadOnlySpan<byte> udp)
    {
        Span<byte> pseudo = stackalloc byte[12];
        ip[12..20].CopyTo(pseudo);
        pseudo[9] = (byte)ProtocolType.Udp;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo[10..], (ushort)udp.Length);
        var sum = Checksum(udp, Sum(pseudo, 0));
        return sum == 0 ? (ushort)0xffff : sum;
    }

    /// <summary>The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.</summary>
    private static ushort Checksum(ReadOnlySpan<byte> data, uint start) => (ushort)~Fold(Sum(data, start));

    private static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        return Fold(sum);
    }

    private static uint Fold(uint sum)
    {
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return sum;
    }
}
