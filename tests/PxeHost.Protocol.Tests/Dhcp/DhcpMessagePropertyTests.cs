using System.Net;
using FsCheck;
using FsCheck.Fluent;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Protocol.Tests.Dhcp;

/// <summary>
/// Properties of the DHCP and PXE codecs: every message they can write they read back unchanged, and no
/// datagram, however malformed, makes the parsers throw.
/// </summary>
public sealed class DhcpMessagePropertyTests
{
    private static readonly Config RoundTripConfig = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly Config FuzzConfig = Config.QuickThrowOnFailure.WithMaxTest(4000).WithEndSize(400);

    private static readonly Gen<byte> ByteGen = Gen.Choose(0, 255).Select(b => (byte)b);

    private static readonly Gen<ushort> UShortGen = Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i);

    private static readonly Gen<IPAddress> AddressGen =
        Gen.Frequency((1, Gen.Constant(IPAddress.Any)), (3, ByteGen.ArrayOf(4).Select(b => new IPAddress(b))));

    private static readonly Gen<string> Latin1Char =
        Gen.Frequency((6, Gen.Choose(0x20, 0x7E)), (1, Gen.Choose(0x01, 0xFF))).Select(c => ((char)c).ToString());

    private static readonly Gen<byte[]> ValueGen =
        from length in Gen.Frequency((8, Gen.Choose(0, 20)), (2, Gen.Choose(200, 300)), (1, Gen.Choose(500, 800)))
        from bytes in ByteGen.ArrayOf(length)
        select bytes;

    /// <summary>Options with distinct codes: a repeated code would (rightly) come back concatenated.</summary>
    private static readonly Gen<DhcpOption[]> OptionsGen =
        from codes in Gen.Choose(1, 254).Where(c => c != (int)DhcpOptionCode.OptionOverload).ArrayOf()
        from values in ValueGen.ArrayOf(codes.Distinct().Count())
        select codes.Distinct().Select((c, i) => new DhcpOption((DhcpOptionCode)c, values[i])).ToArray();

    private static readonly Gen<DhcpMessage> MessageGen =
        from opcode in Gen.Elements(DhcpOpcode.BootRequest, DhcpOpcode.BootReply)
        from hardwareType in ByteGen
        from chaddr in Gen.Choose(0, 16).SelectMany(n => ByteGen.ArrayOf(n))
        from header in ByteGen.ArrayOf(9)
        from addresses in AddressGen.ArrayOf(4)
        from sname in Gen.Choose(0, 64).SelectMany(n => Latin1Char.ArrayOf(n))
        from file in Gen.Choose(0, 128).SelectMany(n => Latin1Char.ArrayOf(n))
        from options in OptionsGen
        select new DhcpMessage
        {
            Opcode = opcode,
            HardwareType = hardwareType,
            ClientHardwareAddress = chaddr,
            Hops = header[0],
            TransactionId = (uint)((header[1] << 24) | (header[2] << 16) | (header[3] << 8) | header[4]),
            Seconds = (ushort)((header[5] << 8) | header[6]),
            Flags = (ushort)((header[7] << 8) | header[8]),
            ClientAddress = addresses[0],
            YourAddress = addresses[1],
            ServerAddress = addresses[2],
            GatewayAddress = addresses[3],
            ServerName = string.Concat(sname),
            BootFileName = string.Concat(file),
            Options = options,
        };

    [Fact]
    public void Message_round_trips()
    {
        Check.One(RoundTripConfig, Prop.ForAll(Arb.From(MessageGen), original =>
        {
            var bytes = DhcpMessageCodec.ToArray(original);
            Assert.True(bytes.Length >= DhcpMessageCodec.MinimumLength);
            Assert.Equal(original, DhcpMessageCodecTests.Parse(bytes));
        }));
    }

    [Fact]
    public void TryParse_never_throws_on_arbitrary_bytes()
    {
        var datagrams = Gen.Frequency(
            (1, ByteGen.ArrayOf()),
            (1, from length in Gen.Choose(230, 700)
                from bytes in ByteGen.ArrayOf(length)
                select bytes));
        Check.One(FuzzConfig, Prop.ForAll(Arb.From(datagrams), AssertParsesConsistently));
    }

    [Fact]
    public void TryParse_never_throws_on_random_options_after_a_valid_header()
    {
        // Option bytes biased towards small lengths, Pad, End and overload, so every branch is reached.
        var optionByte = Gen.Frequency(
            (4, Gen.Choose(0, 255)), (2, Gen.Choose(0, 8)), (1, Gen.Elements(0, 52, 255)), (1, Gen.Choose(1, 3)))
            .Select(b => (byte)b);
        var datagrams =
            from hlen in Gen.Frequency((8, Gen.Choose(0, 16)), (1, Gen.Choose(17, 255)))
            from sname in optionByte.ArrayOf(64)
            from file in optionByte.ArrayOf(128)
            from overload in Gen.Frequency((1, Gen.Constant(Array.Empty<byte>())), (1, Gen.Choose(0, 4).Select(v => new byte[] { 52, 1, (byte)v })))
            from loop in Gen.Frequency((3, Gen.Constant(Array.Empty<byte>())), (1, Gen.Constant(new byte[] { 52, 1, 3 })))
            from options in optionByte.ArrayOf()
            select Datagram((byte)hlen, loop.Concat(sname).Take(64).ToArray(), loop.Concat(file).Take(128).ToArray(), [.. overload, .. options]);

        var errors = new HashSet<DhcpParseError>();
        Check.One(FuzzConfig, Prop.ForAll(Arb.From(datagrams), datagram =>
        {
            _ = DhcpMessageCodec.TryParse(datagram, out _, out var error);
            errors.Add(error);
            AssertParsesConsistently(datagram);
        }));

        // Everything but a short header or a bad cookie was reached (the generator never makes those).
        var reachable = Enum.GetValues<DhcpParseError>()
            .Except([DhcpParseError.TruncatedHeader, DhcpParseError.BadMagicCookie]);
        Assert.Equal(reachable.ToHashSet(), errors);
    }

    [Fact]
    public void Pxe_vendor_options_round_trip()
    {
        var text = (int max) => UpTo(Latin1Char, max).Select(string.Concat);
        var server =
            from type in UShortGen
            from addresses in UpTo(ByteGen.ArrayOf(4).Select(b => new IPAddress(b)), 3)
            select new PxeBootServer(type, addresses);
        var menuItem = from type in UShortGen from description in text(40) select new PxeBootMenuItem(type, description);
        var other = Gen.Elements(1, 2, 3, 4, 5, 7, 11, 12, 100)
            .Select(c => new PxeSuboption((PxeSuboptionCode)c, new byte[] { (byte)c, 1 }));
        var gen =
            from hasControl in Gen.Elements(true, false)
            from control in ByteGen
            from servers in UpTo(server, 4)
            from menu in UpTo(menuItem, 4)
            from hasPrompt in Gen.Elements(true, false)
            from timeout in ByteGen
            from prompt in text(100)
            from hasItem in Gen.Elements(true, false)
            from itemType in UShortGen
            from layer in UShortGen
            from others in UpTo(other, 2)
            select new PxeVendorOptions
            {
                DiscoveryControl = hasControl ? (PxeDiscoveryControl)control : null,
                BootServers = servers,
                BootMenu = menu,
                MenuPrompt = hasPrompt ? new PxeMenuPrompt(timeout, prompt) : null,
                BootItem = hasItem ? new PxeBootItem(itemType, layer) : null,
                OtherSuboptions = others,
            };

        Check.One(RoundTripConfig, Prop.ForAll(Arb.From(gen), original =>
        {
            var bytes = PxeVendorOptionsCodec.ToArray(original);
            Assert.True(PxeVendorOptionsCodec.TryParse(bytes, out var parsed, out var error), $"parse failed: {error}");
            Assert.Equal(original, parsed);
        }));
    }

    [Fact]
    public void Pxe_vendor_TryParse_never_throws()
    {
        var suboptionByte = Gen.Frequency((3, Gen.Choose(0, 255)), (2, Gen.Choose(0, 12)), (1, Gen.Elements(71, 255)))
            .Select(b => (byte)b);
        Check.One(FuzzConfig, Prop.ForAll(Arb.From(suboptionByte.ArrayOf()), value =>
        {
            var ok = PxeVendorOptionsCodec.TryParse(value, out var options, out var error);
            Assert.Equal(ok, error == PxeVendorParseError.None);
            Assert.Equal(ok, options is not null);
        }));
    }

    private static void AssertParsesConsistently(byte[] datagram)
    {
        var ok = DhcpMessageCodec.TryParse(datagram, out var message, out var error);
        Assert.Equal(ok, error == DhcpParseError.None);
        Assert.Equal(ok, message is not null);
        if (message is not null)
        {
            // What was parsed can be written, and the written form parses to the same message.
            Assert.Equal(message, DhcpMessageCodecTests.Parse(DhcpMessageCodec.ToArray(message)));
        }
    }

    private static Gen<T[]> UpTo<T>(Gen<T> gen, int max) => Gen.Choose(0, max).SelectMany(gen.ArrayOf);

    private static byte[] Datagram(byte hlen, byte[] sname, byte[] file, byte[] options)
    {
        var datagram = DhcpOptionFramingTests.Datagram(options);
        datagram[2] = hlen;
        sname.CopyTo(datagram, 44);
        file.CopyTo(datagram, 108);
        return datagram;
    }
}
