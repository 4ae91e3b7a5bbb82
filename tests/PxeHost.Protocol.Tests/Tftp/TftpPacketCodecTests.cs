using PxeHost.Protocol.Tftp;

namespace PxeHost.Protocol.Tests.Tftp;

/// <summary>
/// Byte-exact vectors written out by hand from the packet diagrams of RFC 1350 §5 and the
/// examples of RFC 2347, 2348, 2349 and 7440, plus every parse error and the firmware quirks
/// the codec promises to tolerate.
/// </summary>
public sealed class TftpPacketCodecTests
{
    // RFC 1350 §5: | 01 | Filename | 0 | Mode | 0 |
    private static readonly byte[] RrqOctet =
        [0x00, 0x01, .. "pxelinux.0"u8, 0x00, .. "octet"u8, 0x00];

    // RFC 1350 §5: | 02 | Filename | 0 | Mode | 0 |
    private static readonly byte[] WrqNetascii =
        [0x00, 0x02, .. "upload.txt"u8, 0x00, .. "netascii"u8, 0x00];

    // RFC 2347 §2 example: |1|foofile|0|octet|0|blksize|0|1432|0|
    private static readonly byte[] Rfc2347Request =
        [0x00, 0x01, .. "foofile"u8, 0x00, .. "octet"u8, 0x00, .. "blksize"u8, 0x00, .. "1432"u8, 0x00];

    // RFC 2347 §2 example: |6|blksize|0|1432|0|
    private static readonly byte[] Rfc2347OptionAck =
        [0x00, 0x06, .. "blksize"u8, 0x00, .. "1432"u8, 0x00];

    [Fact]
    public void Rrq_octet_matches_rfc1350_layout_both_ways()
    {
        var request = ParseRequest(RrqOctet);
        Assert.Equal(TftpOpcode.ReadRequest, request.Opcode);
        Assert.True(request.IsRead);
        Assert.Equal("pxelinux.0", request.Filename);
        Assert.Equal("octet", request.Mode);
        Assert.Empty(request.Options);

        var written = TftpPacketCodec.ToArray(new TftpRequestPacket(TftpOpcode.ReadRequest, "pxelinux.0", "octet", []));
        Assert.Equal(RrqOctet, written);
    }

    [Fact]
    public void Wrq_matches_rfc1350_layout_both_ways()
    {
        var request = ParseRequest(WrqNetascii);
        Assert.Equal(TftpOpcode.WriteRequest, request.Opcode);
        Assert.False(request.IsRead);
        Assert.Equal("upload.txt", request.Filename);
        Assert.Equal("netascii", request.Mode);
        Assert.Empty(request.Options);

        var written = TftpPacketCodec.ToArray(new TftpRequestPacket(TftpOpcode.WriteRequest, "upload.txt", "netascii", []));
        Assert.Equal(WrqNetascii, written);
    }

    [Fact]
    public void Data_matches_rfc1350_layout_both_ways()
    {
        // | 03 | Block # | Data |
        byte[] wire = [0x00, 0x03, 0x12, 0x34, 0xDE, 0xAD, 0x00, 0xBE, 0xEF];
        var data = Assert.IsType<TftpDataPacket>(Parse(wire));
        Assert.Equal(TftpOpcode.Data, data.Opcode);
        Assert.Equal(0x1234, data.Block);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0x00, 0xBE, 0xEF }, data.Payload.ToArray());

        Assert.Equal(wire, TftpPacketCodec.ToArray(new TftpDataPacket(0x1234, new byte[] { 0xDE, 0xAD, 0x00, 0xBE, 0xEF })));
    }

    [Fact]
    public void Data_with_empty_payload_and_highest_block_number()
    {
        byte[] wire = [0x00, 0x03, 0xFF, 0xFF];
        var data = Assert.IsType<TftpDataPacket>(Parse(wire));
        Assert.Equal(ushort.MaxValue, data.Block);
        Assert.Equal(0, data.Payload.Length);
        Assert.Equal(wire, TftpPacketCodec.ToArray(new TftpDataPacket(ushort.MaxValue, ReadOnlyMemory<byte>.Empty)));
    }

    [Fact]
    public void Data_payload_of_exactly_the_maximum_is_accepted()
    {
        var wire = new byte[TftpPacketCodec.DataHeaderLength + 65464];
        wire[1] = 0x03;
        wire[3] = 0x07;
        wire[^1] = 0x5A;
        var data = Assert.IsType<TftpDataPacket>(Parse(wire));
        Assert.Equal(7, data.Block);
        Assert.Equal(65464, data.Payload.Length);
        Assert.Equal(0x5A, data.Payload.Span[^1]);
    }

    [Fact]
    public void Ack_matches_rfc1350_layout_both_ways()
    {
        // | 04 | Block # |
        byte[] wire = [0x00, 0x04, 0x01, 0x02];
        var ack = Assert.IsType<TftpAckPacket>(Parse(wire));
        Assert.Equal(TftpOpcode.Acknowledgment, ack.Opcode);
        Assert.Equal(0x0102, ack.Block);
        Assert.Equal(wire, TftpPacketCodec.ToArray(new TftpAckPacket(0x0102)));
    }

    [Fact]
    public void Error_matches_rfc1350_layout_both_ways()
    {
        // | 05 | ErrorCode | ErrMsg | 0 |
        byte[] wire = [0x00, 0x05, 0x00, 0x01, .. "File not found"u8, 0x00];
        var error = Assert.IsType<TftpErrorPacket>(Parse(wire));
        Assert.Equal(TftpOpcode.Error, error.Opcode);
        Assert.Equal(TftpErrorCode.FileNotFound, error.Code);
        Assert.Equal("File not found", error.Message);
        Assert.Equal(wire, TftpPacketCodec.ToArray(new TftpErrorPacket(TftpErrorCode.FileNotFound, "File not found")));
    }

    [Fact]
    public void Error_with_empty_message_and_option_negotiation_code()
    {
        byte[] wire = [0x00, 0x05, 0x00, 0x08, 0x00];
        var error = Assert.IsType<TftpErrorPacket>(Parse(wire));
        Assert.Equal(TftpErrorCode.OptionNegotiationFailed, error.Code);
        Assert.Equal(string.Empty, error.Message);
        Assert.Equal(wire, TftpPacketCodec.ToArray(new TftpErrorPacket(TftpErrorCode.OptionNegotiationFailed, string.Empty)));
    }

    [Fact]
    public void Rfc2347_request_with_option_both_ways()
    {
        var request = ParseRequest(Rfc2347Request);
        Assert.Equal("foofile", request.Filename);
        Assert.Equal("octet", request.Mode);
        Assert.Equal([new TftpOption("blksize", "1432")], request.Options);

        var written = TftpPacketCodec.ToArray(
            new TftpRequestPacket(TftpOpcode.ReadRequest, "foofile", "octet", [new("blksize", "1432")]));
        Assert.Equal(Rfc2347Request, written);
    }

    [Fact]
    public void Rfc2347_option_ack_both_ways()
    {
        var oack = Assert.IsType<TftpOptionAckPacket>(Parse(Rfc2347OptionAck));
        Assert.Equal(TftpOpcode.OptionAcknowledgment, oack.Opcode);
        Assert.Equal([new TftpOption("blksize", "1432")], oack.Options);
        Assert.Equal(Rfc2347OptionAck, TftpPacketCodec.ToArray(new TftpOptionAckPacket([new("blksize", "1432")])));
    }

    [Fact]
    public void Rfc2348_blksize_example_both_ways()
    {
        // RFC 2348 example: |1|foobar|0|octet|0|blksize|0|1428|0|  and  |6|blksize|0|1428|0|
        byte[] request = [0x00, 0x01, .. "foobar"u8, 0x00, .. "octet"u8, 0x00, .. "blksize"u8, 0x00, .. "1428"u8, 0x00];
        byte[] oack = [0x00, 0x06, .. "blksize"u8, 0x00, .. "1428"u8, 0x00];

        var parsed = ParseRequest(request);
        Assert.Equal("foobar", parsed.Filename);
        Assert.Equal("1428", parsed.GetOption("blksize"));
        Assert.Equal(request, TftpPacketCodec.ToArray(parsed));
        Assert.Equal(oack, TftpPacketCodec.ToArray(new TftpOptionAckPacket([new("blksize", "1428")])));
    }

    [Fact]
    public void Rfc2349_timeout_and_tsize_example_both_ways()
    {
        // RFC 2349 layouts: | opc | filename | 0 | mode | 0 | timeout | 0 | #secs | 0 | tsize | 0 | size | 0 |;
        // on a read request the client sends tsize 0 and the OACK carries the size.
        byte[] request =
        [
            0x00, 0x01, .. "foobar"u8, 0x00, .. "octet"u8, 0x00,
            .. "timeout"u8, 0x00, .. "1"u8, 0x00, .. "tsize"u8, 0x00, .. "0"u8, 0x00,
        ];
        byte[] oack = [0x00, 0x06, .. "timeout"u8, 0x00, .. "1"u8, 0x00, .. "tsize"u8, 0x00, .. "673312"u8, 0x00];

        var parsed = ParseRequest(request);
        Assert.Equal([new TftpOption("timeout", "1"), new TftpOption("tsize", "0")], parsed.Options);
        Assert.Equal(request, TftpPacketCodec.ToArray(parsed));

        var parsedAck = Assert.IsType<TftpOptionAckPacket>(Parse(oack));
        Assert.Equal([new TftpOption("timeout", "1"), new TftpOption("tsize", "673312")], parsedAck.Options);
        Assert.Equal(oack, TftpPacketCodec.ToArray(new TftpOptionAckPacket([new("timeout", "1"), new("tsize", "673312")])));
    }

    [Fact]
    public void Rfc7440_windowsize_example_both_ways()
    {
        // RFC 7440 §3 layout: | opc | filename | 0 | mode | 0 | windowsize | 0 | #blocks | 0 |
        byte[] request = [0x00, 0x01, .. "foobar"u8, 0x00, .. "octet"u8, 0x00, .. "windowsize"u8, 0x00, .. "16"u8, 0x00];
        byte[] oack = [0x00, 0x06, .. "windowsize"u8, 0x00, .. "16"u8, 0x00];

        var parsed = ParseRequest(request);
        Assert.Equal([new TftpOption("windowsize", "16")], parsed.Options);
        Assert.Equal(request, TftpPacketCodec.ToArray(parsed));
        Assert.Equal([new TftpOption("windowsize", "16")], Assert.IsType<TftpOptionAckPacket>(Parse(oack)).Options);
        Assert.Equal(oack, TftpPacketCodec.ToArray(new TftpOptionAckPacket([new("windowsize", "16")])));
    }

    [Fact]
    public void Option_ack_without_options_is_just_the_opcode()
    {
        var oack = Assert.IsType<TftpOptionAckPacket>(Parse([0x00, 0x06]));
        Assert.Empty(oack.Options);
        Assert.Equal(new byte[] { 0x00, 0x06 }, TftpPacketCodec.ToArray(new TftpOptionAckPacket([])));
    }

    [Fact]
    public void Non_ascii_names_are_utf8_on_the_wire()
    {
        byte[] wire = [0x00, 0x01, .. "bóot/ü.efi"u8, 0x00, .. "octet"u8, 0x00];
        Assert.Equal("bóot/ü.efi", ParseRequest(wire).Filename);
        Assert.Equal(wire, TftpPacketCodec.ToArray(new TftpRequestPacket(TftpOpcode.ReadRequest, "bóot/ü.efi", "octet", [])));
    }

    public static TheoryData<byte[]> TruncatedDatagrams()
    {
        var data = new TheoryData<byte[]> { Array.Empty<byte>(), new byte[] { 0x00 }, new byte[] { 0x03 } };

        // DATA, ACK and ERROR need a two-byte field after the opcode: every shorter length is truncated.
        foreach (var opcode in new byte[] { 3, 4, 5 })
        {
            data.Add([0x00, opcode]);
            data.Add([0x00, opcode, 0x00]);
            data.Add([0x00, opcode, 0xFF]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TruncatedDatagrams))]
    public void Datagram_shorter_than_its_fixed_header_is_truncated(byte[] datagram)
    {
        AssertRejected(datagram, TftpParseError.Truncated);
    }

    [Theory]
    [InlineData(0x00, 0x00)]
    [InlineData(0x00, 0x07)]
    [InlineData(0x01, 0x01)]
    [InlineData(0xFF, 0xFF)]
    public void Unknown_opcode_is_rejected(byte high, byte low)
    {
        AssertRejected([high, low, .. "foo"u8, 0x00, .. "octet"u8, 0x00], TftpParseError.UnknownOpcode);
        AssertRejected([high, low], TftpParseError.UnknownOpcode);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x02)]
    public void Request_with_unterminated_filename_or_mode_is_rejected(byte opcode)
    {
        AssertRejected([0x00, opcode], TftpParseError.UnterminatedString);
        AssertRejected([0x00, opcode, .. "pxelinux.0"u8], TftpParseError.UnterminatedString);
        AssertRejected([0x00, opcode, .. "pxelinux.0"u8, 0x00], TftpParseError.UnterminatedString);
        AssertRejected([0x00, opcode, .. "pxelinux.0"u8, 0x00, .. "octet"u8], TftpParseError.UnterminatedString);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x02)]
    public void Request_with_empty_filename_is_rejected(byte opcode)
    {
        AssertRejected([0x00, opcode, 0x00, .. "octet"u8, 0x00], TftpParseError.EmptyFilename);
        AssertRejected([0x00, opcode, 0x00, 0x00], TftpParseError.EmptyFilename);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x02)]
    public void Request_with_empty_mode_is_rejected(byte opcode)
    {
        AssertRejected([0x00, opcode, .. "pxelinux.0"u8, 0x00, 0x00], TftpParseError.EmptyMode);
        AssertRejected([0x00, opcode, .. "pxelinux.0"u8, 0x00, 0x00, .. "blksize"u8, 0x00, .. "1024"u8, 0x00], TftpParseError.EmptyMode);
    }

    [Fact]
    public void Data_payload_over_65464_bytes_is_rejected()
    {
        var wire = new byte[TftpPacketCodec.DataHeaderLength + 65465];
        wire[1] = 0x03;
        AssertRejected(wire, TftpParseError.PayloadTooLarge);
    }

    [Fact]
    public void Request_padded_with_trailing_nul_bytes_parses_with_no_options()
    {
        byte[] wire = [0x00, 0x01, .. "pxelinux.0"u8, 0x00, .. "octet"u8, 0x00, 0x00, 0x00, 0x00, 0x00];
        var request = ParseRequest(wire);
        Assert.Equal("pxelinux.0", request.Filename);
        Assert.Equal("octet", request.Mode);
        Assert.Empty(request.Options);
    }

    [Fact]
    public void Request_options_followed_by_nul_padding_keep_the_options()
    {
        byte[] wire = [0x00, 0x01, .. "a"u8, 0x00, .. "octet"u8, 0x00, .. "tsize"u8, 0x00, .. "0"u8, 0x00, 0x00, 0x00];
        Assert.Equal([new TftpOption("tsize", "0")], ParseRequest(wire).Options);
    }

    [Fact]
    public void Ack_longer_than_four_bytes_is_accepted()
    {
        var ack = Assert.IsType<TftpAckPacket>(Parse([0x00, 0x04, 0x00, 0x05, 0xAA, 0xBB, 0x00]));
        Assert.Equal(5, ack.Block);
    }

    [Fact]
    public void Dangling_option_name_without_value_is_dropped()
    {
        byte[] terminatedName =
            [0x00, 0x01, .. "a"u8, 0x00, .. "octet"u8, 0x00, .. "blksize"u8, 0x00, .. "1024"u8, 0x00, .. "tsize"u8, 0x00];
        Assert.Equal([new TftpOption("blksize", "1024")], ParseRequest(terminatedName).Options);

        byte[] unterminatedName =
            [0x00, 0x01, .. "a"u8, 0x00, .. "octet"u8, 0x00, .. "blksize"u8, 0x00, .. "1024"u8, 0x00, .. "tsize"u8];
        Assert.Equal([new TftpOption("blksize", "1024")], ParseRequest(unterminatedName).Options);

        byte[] unterminatedValue =
            [0x00, 0x01, .. "a"u8, 0x00, .. "octet"u8, 0x00, .. "blksize"u8, 0x00, .. "1024"u8];
        Assert.Empty(ParseRequest(unterminatedValue).Options);
    }

    [Fact]
    public void Error_message_without_its_nul_is_accepted()
    {
        var error = Assert.IsType<TftpErrorPacket>(Parse([0x00, 0x05, 0x00, 0x02, .. "Access violation"u8]));
        Assert.Equal(TftpErrorCode.AccessViolation, error.Code);
        Assert.Equal("Access violation", error.Message);
    }

    [Fact]
    public void Error_message_stops_at_the_first_nul()
    {
        var error = Assert.IsType<TftpErrorPacket>(Parse([0x00, 0x05, 0x00, 0x00, .. "busy"u8, 0x00, .. "junk"u8, 0x00]));
        Assert.Equal(TftpErrorCode.NotDefined, error.Code);
        Assert.Equal("busy", error.Message);
    }

    [Fact]
    public void Option_names_and_values_keep_their_case()
    {
        byte[] wire = [0x00, 0x01, .. "A"u8, 0x00, .. "OCTET"u8, 0x00, .. "BlkSize"u8, 0x00, .. "1024"u8, 0x00, .. "X-Vendor"u8, 0x00, .. "MiXeD"u8, 0x00];
        var request = ParseRequest(wire);
        Assert.Equal("OCTET", request.Mode);
        Assert.Equal([new TftpOption("BlkSize", "1024"), new TftpOption("X-Vendor", "MiXeD")], request.Options);

        var oack = Assert.IsType<TftpOptionAckPacket>(Parse([0x00, 0x06, .. "TSize"u8, 0x00, .. "42"u8, 0x00]));
        Assert.Equal("TSize", oack.Options[0].Name);
    }

    [Fact]
    public void GetOption_matches_names_case_insensitively()
    {
        var request = new TftpRequestPacket(
            TftpOpcode.ReadRequest, "a", "octet", [new("BlkSize", "1024"), new("tsize", "0"), new("blksize", "512")]);
        Assert.Equal("1024", request.GetOption("blksize"));
        Assert.Equal("1024", request.GetOption("BLKSIZE"));
        Assert.Equal("0", request.GetOption("TSIZE"));
        Assert.Null(request.GetOption("windowsize"));
        Assert.Null(request.GetOption("blk"));
    }

    [Fact]
    public void WriteTo_throws_when_the_destination_is_too_small()
    {
        TftpPacket[] packets =
        [
            new TftpRequestPacket(TftpOpcode.ReadRequest, "pxelinux.0", "octet", [new("blksize", "1432")]),
            new TftpDataPacket(1, new byte[] { 1, 2, 3 }),
            new TftpAckPacket(1),
            new TftpErrorPacket(TftpErrorCode.FileNotFound, "File not found"),
            new TftpOptionAckPacket([new("tsize", "673312")]),
        ];

        foreach (var packet in packets)
        {
            var length = TftpPacketCodec.GetLength(packet);
            var tooSmall = new byte[length - 1];
            Assert.Throws<ArgumentException>("destination", () => TftpPacketCodec.WriteTo(packet, tooSmall));
            Assert.All(tooSmall, b => Assert.Equal(0, b));

            var larger = new byte[length + 8];
            Assert.Equal(length, TftpPacketCodec.WriteTo(packet, larger));
            Assert.Equal(TftpPacketCodec.ToArray(packet), larger[..length]);
            Assert.All(larger[length..], b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void GetLength_counts_utf8_bytes_and_terminators()
    {
        Assert.Equal(2 + 4 + 6, TftpPacketCodec.GetLength(new TftpRequestPacket(TftpOpcode.ReadRequest, "abc", "octet", [])));
        Assert.Equal(2 + 3 + 6 + 8 + 5, TftpPacketCodec.GetLength(new TftpRequestPacket(TftpOpcode.ReadRequest, "é", "octet", [new("blksize", "1432")])));
        Assert.Equal(4 + 10, TftpPacketCodec.GetLength(new TftpDataPacket(1, new byte[10])));
        Assert.Equal(4, TftpPacketCodec.GetLength(new TftpAckPacket(9)));
        Assert.Equal(4 + 3, TftpPacketCodec.GetLength(new TftpErrorPacket(TftpErrorCode.DiskFull, "ab")));
        Assert.Equal(2 + 6 + 2, TftpPacketCodec.GetLength(new TftpOptionAckPacket([new("tsize", "0")])));
    }

    [Fact]
    public void WriteDataHeader_writes_opcode_and_block_and_leaves_the_payload_alone()
    {
        byte[] buffer = [0xEE, 0xEE, 0xEE, 0xEE, 0x41, 0x42];
        TftpPacketCodec.WriteDataHeader(buffer, 0xABCD);
        Assert.Equal(new byte[] { 0x00, 0x03, 0xAB, 0xCD, 0x41, 0x42 }, buffer);

        var data = Assert.IsType<TftpDataPacket>(Parse(buffer));
        Assert.Equal(0xABCD, data.Block);
        Assert.Equal("AB"u8.ToArray(), data.Payload.ToArray());
    }

    private static TftpPacket Parse(byte[] datagram)
    {
        Assert.True(TftpPacketCodec.TryParse(datagram, out var packet, out var error), $"parse failed: {error}");
        Assert.Equal(TftpParseError.None, error);
        return Assert.IsAssignableFrom<TftpPacket>(packet);
    }

    private static TftpRequestPacket ParseRequest(byte[] datagram) => Assert.IsType<TftpRequestPacket>(Parse(datagram));

    private static void AssertRejected(byte[] datagram, TftpParseError expected)
    {
        Assert.False(TftpPacketCodec.TryParse(datagram, out var packet, out var error));
        Assert.Equal(expected, error);
        Assert.Null(packet);
    }
}
