using System.Buffers.Binary;
using System.Net;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;
using PxeHost.Timeline;

namespace PxeHost.Tests.Timeline;

/// <summary>
/// The capture file read back by a parser of its own (pcap: tcpdump.org's file format; IPv4: RFC 791; UDP: RFC 768),
/// checking each checksum by the receiver's rule: the ones' complement sum over the covered bytes is all ones.
/// </summary>
public sealed class PcapWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly IPEndPoint Client = new(IPAddress.Any, 68);

    private static readonly IPEndPoint Server = new(IPAddress.Parse("10.99.0.1"), 67);

    [Fact]
    public void A_capture_parses_back_with_its_header_times_addresses_and_valid_checksums()
    {
        var discover = DhcpMessageCodec.ToArray(DhcpCaptures.Load("ovmf-pxe-discover"));
        byte[] odd = [0, 1, .. "x\0octet\0"u8, 7]; // an odd length: the checksum pads a zero byte
        UdpPacket[] packets =
        [
            UdpPacket.Of(At.AddTicks(1234567), Client, new IPEndPoint(IPAddress.Broadcast, 67), discover),
            UdpPacket.Of(At.AddSeconds(1), new IPEndPoint(IPAddress.Parse("10.99.0.100"), 2070), new IPEndPoint(Server.Address, 69), odd),
        ];
        using var file = new MemoryStream();

        Assert.Equal(2, PcapWriter.WriteAll(file, packets));

        var bytes = file.ToArray().AsSpan();
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal((2, 4), (BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..])));
        Assert.Equal(101u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]));
        var records = Records(bytes[PcapWriter.HeaderLength..]);
        Assert.Equal(2, records.Count);

        var first = records[0];
        Assert.Equal(At.AddTicks(1234560), first.Time); // microseconds: the last tick is cut
        Assert.Equal((first.Data.Length, first.Data.Length), (first.Captured, first.Original));
        var datagram = Datagram.Parse(first.Data);
        Assert.Equal((IPAddress.Any, IPAddress.Broadcast, 68, 67), (datagram.Source, datagram.Destination, datagram.SourcePort, datagram.DestinationPort));
        Assert.Equal(discover, datagram.Payload);
        Assert.True(datagram.HeaderChecksumHolds && datagram.UdpChecksumHolds);
        Assert.True(DhcpMessageCodec.TryParse(datagram.Payload, out var parsed, out _));
        Assert.Equal(DhcpMessageType.Discover, parsed!.MessageType);

        var second = Datagram.Parse(records[1].Data);
        Assert.Equal((2070, 69, odd.Length), (second.SourcePort, second.DestinationPort, second.Payload.Length));
        Assert.True(second.HeaderChecksumHolds && second.UdpChecksumHolds);
        Assert.NotEqual(Datagram.Parse(records[0].Data).Identification, second.Identification);
    }

    [Fact]
    public void A_payload_kept_in_part_states_its_wire_length_and_carries_no_UDP_checksum()
    {
        var block = new byte[4 + 1468];
        block[1] = 3; // DATA
        block[3] = 1; // block 1
        var packet = UdpPacket.Of(At, new IPEndPoint(Server.Address, 40000), new IPEndPoint(IPAddress.Parse("10.99.0.100"), 2070), block, keep: 68);
        using var file = new MemoryStream();

        PcapWriter.WriteAll(file, [packet]);

        var record = Assert.Single(Records(file.ToArray().AsSpan(PcapWriter.HeaderLength)));
        Assert.Equal((20 + 8 + 68, 20 + 8 + 1472), (record.Captured, record.Original));
        var datagram = Datagram.Parse(record.Data);
        Assert.Equal((20 + 8 + 1472, 8 + 1472), (datagram.TotalLength, datagram.UdpLength));
        Assert.True(datagram.HeaderChecksumHolds);
        Assert.Equal(0, datagram.UdpChecksum);
        Assert.Equal(block.AsSpan(0, 68).ToArray(), datagram.Payload);
    }

    [Fact]
    public void An_IPv6_datagram_is_refused()
    {
        var packet = UdpPacket.Of(At, new IPEndPoint(IPAddress.IPv6Loopback, 69), Client, [1, 2]);

        Assert.Throws<ArgumentException>(() => PcapWriter.Ipv4Datagram(packet, 0));
    }

    private static List<Record> Records(ReadOnlySpan<byte> rest)
    {
        var records = new List<Record>();
        while (rest.Length > 0)
        {
            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            var microseconds = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
            var captured = BinaryPrimitives.ReadInt32LittleEndian(rest[8..]);
            var original = BinaryPrimitives.ReadInt32LittleEndian(rest[12..]);
            var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(microseconds * 10L);
            records.Add(new Record(time, captured, original, rest.Slice(PcapWriter.RecordHeaderLength, captured).ToArray()));
            rest = rest[(PcapWriter.RecordHeaderLength + captured)..];
        }

        return records;
    }

    private sealed record Record(DateTimeOffset Time, int Captured, int Original, byte[] Data);

    private sealed record Datagram(
        IPAddress Source, IPAddress Destination, int SourcePort, int DestinationPort, int TotalLength, int UdpLength, int Identification,
        int UdpChecksum, bool HeaderChecksumHolds, bool UdpChecksumHolds, byte[] Payload)
    {
        public static Datagram Parse(byte[] data)
        {
            Assert.Equal(0x45, data[0]);
            Assert.Equal(17, data[9]);
            var ip = data.AsSpan(0, 20);
            var udp = data.AsSpan(20);
            var udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
            var pseudo = new byte[12];
            ip[12..20].CopyTo(pseudo);
            pseudo[9] = 17;
            BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), udpLength);
            return new Datagram(
                new IPAddress(ip[12..16]), new IPAddress(ip[16..20]),
                BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
                BinaryPrimitives.ReadUInt16BigEndian(ip[2..]), udpLength, BinaryPrimitives.ReadUInt16BigEndian(ip[4..]),
                BinaryPrimitives.ReadUInt16BigEndian(udp[6..]),
                OnesComplementSum([.. ip]) == 0xffff,
                OnesComplementSum([.. pseudo, .. udp]) == 0xffff,
                udp[8..].ToArray());
        }

        private static int OnesComplementSum(byte[] bytes)
        {
            var sum = 0L;
            for (var i = 0; i < bytes.Length; i += 2)
            {
                sum += (bytes[i] << 8) | (i + 1 < bytes.Length ? bytes[i + 1] : 0);
            }

            while (sum > 0xffff)
            {
                sum = (sum & 0xffff) + (sum >> 16);
            }

            return (int)sum;
        }
    }
}
