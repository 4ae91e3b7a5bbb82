using FsCheck;
using FsCheck.Fluent;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Protocol.Tests.Tftp;

/// <summary>
/// Properties of the codec: every packet it can write it reads back unchanged, and no datagram,
/// however malformed, makes the parser throw.
/// </summary>
public sealed class TftpPacketPropertyTests
{
    private static readonly Config RoundTripConfig = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly Config FuzzConfig = Config.QuickThrowOnFailure.WithMaxTest(4000).WithEndSize(300);

    /// <summary>One Unicode scalar value other than NUL, as UTF-16 (surrogate pairs included).</summary>
    private static readonly Gen<string> ScalarGen = Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7E)),
        (1, Gen.Choose(0x01, 0x1F)),
        (1, Gen.Choose(0x80, 0x7FF)),
        (1, Gen.OneOf(Gen.Choose(0x800, 0xD7FF), Gen.Choose(0xE000, 0xFFFF))),
        (1, Gen.Choose(0x10000, 0x10FFFF)))
        .Select(char.ConvertFromUtf32);

    private static readonly Gen<string> AnyText = ScalarGen.ArrayOf().Select(string.Concat);

    private static readonly Gen<string> NonEmptyText =
        from first in ScalarGen
        from rest in AnyText
        select first + rest;

    private static readonly Gen<TftpOption> OptionGen =
        from name in NonEmptyText
        from value in AnyText
        select new TftpOption(name, value);

    private static readonly Gen<TftpOption[]> OptionsGen = OptionGen.ArrayOf();

    private static readonly Gen<ushort> UShortGen = Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i);

    [Fact]
    public void Request_round_trips()
    {
        var gen =
            from opcode in Gen.Elements(TftpOpcode.ReadRequest, TftpOpcode.WriteRequest)
            from filename in NonEmptyText
            from mode in NonEmptyText
            from options in OptionsGen
            select new TftpRequestPacket(opcode, filename, mode, options);

        Check.One(RoundTripConfig, Prop.ForAll(Arb.From(gen), original =>
        {
            var parsed = Assert.IsType<TftpRequestPacket>(WriteAndParse(original));
            Assert.Equal(original.RequestOpcode, parsed.RequestOpcode);
            Assert.Equal(original.Filename, parsed.Filename);
            Assert.Equal(original.Mode, parsed.Mode);
            Assert.Equal(original.Options, parsed.Options);
        }));
    }

    [Fact]
    public void Data_round_trips()
    {
        // Mostly small payloads, some up to the largest a blksize option allows.
        var lengths = Gen.Frequency(
            (4, Gen.Choose(0, 600)),
            (1, Gen.Elements(0, 1, 511, 512, 513, 1428, 1432, 8192, TftpPacketCodec.MaxPayload)),
            (1, Gen.Choose(0, TftpPacketCodec.MaxPayload)));
        var gen =
            from block in UShortGen
            from length in lengths
            from seed in Gen.Choose(0, int.MaxValue)
            select new TftpDataPacket(block, RandomBytes(seed, length));

        Check.One(RoundTripConfig, Prop.ForAll(Arb.From(gen), original =>
        {
            var parsed = Assert.IsType<TftpDataPacket>(WriteAndParse(original));
            Assert.Equal(original.Block, parsed.Block);
            Assert.True(original.Payload.Span.SequenceEqual(parsed.Payload.Span), "payload bytes differ");
        }));
    }

    [Fact]
    public void Ack_round_trips()
    {
        Check.One(RoundTripConfig, Prop.ForAll(Arb.From(UShortGen), block =>
        {
            var parsed = Assert.IsType<TftpAckPacket>(WriteAndParse(new TftpAckPacket(block)));
            Assert.Equal(block, parsed.Block);
        }));
    }

    [Fact]
    public void Error_round_trips()
    {
        var gen =
            from code in UShortGen
            from message in AnyText
            select new TftpErrorPacket((TftpErrorCode)code, message);

        Check.One(RoundTripConfig, Prop.ForAll(Arb.From(gen), original =>
        {
            var parsed = Assert.IsType<TftpErrorPacket>(WriteAndParse(original));
            Assert.Equal(original, parsed);
        }));
    }

    [Fact]
    public void Option_ack_round_trips()
    {
        Check.One(RoundTripConfig, Prop.ForAll(Arb.From(OptionsGen), options =>
        {
            var parsed = Assert.IsType<TftpOptionAckPacket>(WriteAndParse(new TftpOptionAckPacket(options)));
            Assert.Equal(options, parsed.Options);
        }));
    }

    [Fact]
    public void TryParse_never_throws_on_arbitrary_bytes()
    {
        // Bytes biased towards NUL so string fields are terminated, unterminated, empty and padded.
        var byteGen = Gen.Frequency((3, Gen.Constant(0)), (5, Gen.Choose(0x20, 0x7E)), (2, Gen.Choose(0, 255)))
            .Select(b => (byte)b);
        var body = byteGen.ArrayOf();
        var datagrams = Gen.Frequency(
            (1, Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()),
            (4, from opcode in Gen.Choose(0, 7)
                from rest in body
                select (byte[])[0x00, (byte)opcode, .. rest]),
            (1, from high in Gen.Choose(0, 255)
                from low in Gen.Choose(0, 255)
                from rest in body
                select (byte[])[(byte)high, (byte)low, .. rest]));

        var seenOpcodes = new HashSet<int>();
        var parsedOpcodes = new HashSet<TftpOpcode>();
        Check.One(FuzzConfig, Prop.ForAll(Arb.From(datagrams), datagram =>
        {
            var ok = TftpPacketCodec.TryParse(datagram, out var packet, out var error);
            if (datagram.Length >= 2)
            {
                seenOpcodes.Add((datagram[0] << 8) | datagram[1]);
            }

            Assert.Equal(ok, error == TftpParseError.None);
            Assert.Equal(ok, packet is not null);
            if (packet is not null)
            {
                parsedOpcodes.Add(packet.Opcode);
                Assert.Equal((ushort)packet.Opcode, (datagram[0] << 8) | datagram[1]);

                // What was parsed can be written, and the written form parses to the same packet.
                var canonical = TftpPacketCodec.ToArray(packet);
                Assert.Equal(canonical, TftpPacketCodec.ToArray(WriteAndParse(packet)));
            }
        }));

        // The generator really did reach every opcode, and every packet type was parsed at least once.
        for (var opcode = 0; opcode <= 7; opcode++)
        {
            Assert.Contains(opcode, seenOpcodes);
        }

        Assert.Equal(Enum.GetValues<TftpOpcode>().ToHashSet(), parsedOpcodes);
    }

    [Fact]
    public void TryParse_never_throws_on_huge_data_datagrams()
    {
        var gen =
            from length in Gen.Choose(TftpPacketCodec.MaxPayload - 4, TftpPacketCodec.MaxPayload + 64)
            from seed in Gen.Choose(0, int.MaxValue)
            select (byte[])[0x00, 0x03, .. RandomBytes(seed, length)];

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(gen), datagram =>
        {
            var ok = TftpPacketCodec.TryParse(datagram, out var packet, out var error);
            var payload = datagram.Length - TftpPacketCodec.DataHeaderLength;
            Assert.Equal(payload <= TftpPacketCodec.MaxPayload, ok);
            Assert.Equal(ok ? TftpParseError.None : TftpParseError.PayloadTooLarge, error);
            Assert.Equal(ok, packet is TftpDataPacket);
        }));
    }

    private static TftpPacket WriteAndParse(TftpPacket packet)
    {
        var bytes = TftpPacketCodec.ToArray(packet);
        Assert.Equal(TftpPacketCodec.GetLength(packet), bytes.Length);
        Assert.True(TftpPacketCodec.TryParse(bytes, out var parsed, out var error), $"parse failed: {error}");
        return parsed!;
    }

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
#pragma warning disable CA5394 // Test data only: a seeded generator keeps FsCheck's shrinking deterministic.
        new Random(seed).NextBytes(bytes);
#pragma warning restore CA5394
        return bytes;
    }
}
