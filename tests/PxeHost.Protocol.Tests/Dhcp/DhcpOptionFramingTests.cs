using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Protocol.Tests.Dhcp;

/// <summary>
/// How options are framed: option overload (RFC 2131 §4.1, RFC 2132 §9.3), long options (RFC 3396),
/// End and padding, and every parse error.
/// </summary>
public sealed class DhcpOptionFramingTests
{
    private const int SnameOffset = 44;
    private const int FileOffset = 108;

    [Fact]
    public void Overload_3_reads_options_from_file_then_sname_and_concatenates_in_that_order()
    {
        var datagram = Datagram([53, 1, 5, 52, 1, 3, 12, 2, .. "ho"u8, 0xFF]);
        byte[] file = [12, 2, .. "st"u8, 0, 0, 6, 4, 8, 8, 8, 8, 0xFF];
        byte[] sname = [12, 4, .. "-lan"u8, 0xFF];
        file.CopyTo(datagram, FileOffset);
        sname.CopyTo(datagram, SnameOffset);

        var message = DhcpMessageCodecTests.Parse(datagram);
        Assert.Equal("host-lan", message.GetString(DhcpOptionCode.HostName));
        Assert.Equal([IPAddress.Parse("8.8.8.8")], message.GetAddresses(DhcpOptionCode.DomainNameServer));
        Assert.Equal(DhcpMessageType.Ack, message.MessageType);
        Assert.False(message.HasOption(DhcpOptionCode.OptionOverload));
        Assert.Equal(
            [DhcpOptionCode.MessageType, DhcpOptionCode.HostName, DhcpOptionCode.DomainNameServer],
            message.Options.Select(o => o.Code));
        Assert.Equal(string.Empty, message.ServerName);
        Assert.Equal(string.Empty, message.BootFileName);
    }

    [Fact]
    public void Overload_1_uses_only_file_and_keeps_sname_as_text()
    {
        var datagram = Datagram([52, 1, 1, 0xFF]);
        "boot.example"u8.CopyTo(datagram.AsSpan(SnameOffset));
        byte[] file = [67, 10, .. "pxelinux.0"u8];   // no End: the field's end ends the options
        file.CopyTo(datagram, FileOffset);

        var message = DhcpMessageCodecTests.Parse(datagram);
        Assert.Equal("boot.example", message.ServerName);
        Assert.Equal(string.Empty, message.BootFileName);
        Assert.Equal("pxelinux.0", message.GetString(DhcpOptionCode.BootfileName));
    }

    [Fact]
    public void Overload_2_uses_only_sname_and_keeps_file_as_text()
    {
        var datagram = Datagram([52, 1, 2, 0xFF]);
        byte[] sname = [66, 8, .. "10.0.0.1"u8, 0xFF];
        sname.CopyTo(datagram, SnameOffset);
        "ipxe.efi"u8.CopyTo(datagram.AsSpan(FileOffset));

        var message = DhcpMessageCodecTests.Parse(datagram);
        Assert.Equal(string.Empty, message.ServerName);
        Assert.Equal("ipxe.efi", message.BootFileName);
        Assert.Equal("10.0.0.1", message.GetString(DhcpOptionCode.TftpServerName));
    }

    [Fact]
    public void Without_overload_option_like_bytes_in_file_are_a_file_name()
    {
        var datagram = Datagram([53, 1, 1, 0xFF]);
        "C\u0001x"u8.CopyTo(datagram.AsSpan(FileOffset));
        var message = DhcpMessageCodecTests.Parse(datagram);
        Assert.Equal("C\u0001x", message.BootFileName);
        Assert.Single(message.Options);
    }

    [Fact]
    public void Repeated_codes_in_the_options_field_are_concatenated_at_the_first_position()
    {
        var datagram = Datagram([43, 2, 1, 2, 53, 1, 3, 43, 0, 43, 3, 3, 4, 5, 0xFF]);
        var message = DhcpMessageCodecTests.Parse(datagram);
        Assert.Equal([DhcpOptionCode.VendorSpecific, DhcpOptionCode.MessageType], message.Options.Select(o => o.Code));
        Assert.Equal([1, 2, 3, 4, 5], message.GetOption(DhcpOptionCode.VendorSpecific)!.Value.ToArray());
    }

    [Fact]
    public void A_600_byte_option_is_written_as_255_255_90_and_read_back_whole()
    {
        var value = Enumerable.Range(0, 600).Select(i => (byte)(i * 7)).ToArray();
        var message = new DhcpMessage { Options = [new(DhcpOptionCode.VendorSpecific, value), DhcpOption.FromMessageType(DhcpMessageType.Ack)] };

        var bytes = DhcpMessageCodec.ToArray(message);
        Assert.Equal(240 + 257 + 257 + 92 + 3 + 1, bytes.Length);
        Assert.Equal([43, 255], bytes[240..242]);
        Assert.Equal(value[..255], bytes[242..497]);
        Assert.Equal([43, 255], bytes[497..499]);
        Assert.Equal(value[255..510], bytes[499..754]);
        Assert.Equal([43, 90], bytes[754..756]);
        Assert.Equal(value[510..], bytes[756..846]);
        Assert.Equal([53, 1, 5, 0xFF], bytes[846..]);

        Assert.Equal(message, DhcpMessageCodecTests.Parse(bytes));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(255, 257)]
    [InlineData(256, 260)]
    [InlineData(510, 514)]
    public void Option_lengths_split_at_255(int valueLength, int wireLength)
    {
        var message = new DhcpMessage { Options = [new(DhcpOptionCode.UserClass, new byte[valueLength])] };
        Assert.Equal(Math.Max(300, 240 + wireLength + 1), DhcpMessageCodec.GetLength(message));
        Assert.Equal(message, DhcpMessageCodecTests.Parse(DhcpMessageCodec.ToArray(message)));
    }

    [Fact]
    public void A_short_message_is_padded_with_zeros_to_300_bytes_after_end()
    {
        var bytes = DhcpMessageCodec.ToArray(new DhcpMessage { Options = [DhcpOption.FromMessageType(DhcpMessageType.Inform)] });
        Assert.Equal(300, bytes.Length);
        Assert.Equal([0x63, 0x82, 0x53, 0x63, 53, 1, 8, 0xFF], bytes[236..244]);
        Assert.All(bytes[244..], b => Assert.Equal(0, b));

        var empty = DhcpMessageCodec.ToArray(new DhcpMessage());
        Assert.Equal(300, empty.Length);
        Assert.Equal(0xFF, empty[240]);
    }

    [Fact]
    public void Missing_end_is_tolerated_with_or_without_trailing_pad()
    {
        var bare = DhcpMessageCodecTests.Parse(Datagram([53, 1, 3, 50, 4, 10, 0, 0, 9]));
        Assert.Equal(IPAddress.Parse("10.0.0.9"), bare.GetAddress(DhcpOptionCode.RequestedIpAddress));

        var padded = DhcpMessageCodecTests.Parse(Datagram([53, 1, 3, .. new byte[60]]));
        Assert.Equal(DhcpMessageType.Request, padded.MessageType);
        Assert.Empty(DhcpMessageCodecTests.Parse(Datagram([])).Options);
    }

    [Fact]
    public void Bytes_after_end_are_ignored()
    {
        var message = DhcpMessageCodecTests.Parse(Datagram([53, 1, 1, 0xFF, 12, 200, 1]));
        Assert.Single(message.Options);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(235)]
    [InlineData(236)]
    [InlineData(239)]
    public void Shorter_than_header_and_cookie_is_truncated(int length) =>
        AssertError(Datagram([])[..length], DhcpParseError.TruncatedHeader);

    [Fact]
    public void A_wrong_magic_cookie_is_rejected()
    {
        var datagram = Datagram([53, 1, 1, 0xFF]);
        datagram[239] = 0x64;
        AssertError(datagram, DhcpParseError.BadMagicCookie);
    }

    [Fact]
    public void Hlen_above_16_is_rejected_and_16_is_accepted()
    {
        var datagram = Datagram([0xFF]);
        datagram[2] = 17;
        AssertError(datagram, DhcpParseError.HardwareAddressTooLong);
        datagram[2] = 16;
        Assert.Equal(16, DhcpMessageCodecTests.Parse(datagram).HardwareAddressLength);
    }

    [Theory]
    [InlineData(new byte[] { 53 })]
    [InlineData(new byte[] { 53, 2, 1 })]
    [InlineData(new byte[] { 53, 1, 1, 12, 255, 0x41 })]
    public void An_option_running_past_the_end_is_rejected(byte[] options) =>
        AssertError(Datagram(options), DhcpParseError.OptionOverrun);

    [Fact]
    public void An_option_running_past_the_end_of_file_is_rejected_even_if_the_datagram_goes_on()
    {
        var datagram = Datagram([52, 1, 1, 0xFF]);
        datagram[FileOffset + 126] = 12;
        datagram[FileOffset + 127] = 4;
        AssertError(datagram, DhcpParseError.OptionOverrun);
    }

    [Theory]
    [InlineData(new byte[] { 52, 1, 0, 0xFF })]
    [InlineData(new byte[] { 52, 1, 4, 0xFF })]
    [InlineData(new byte[] { 52, 0, 0xFF })]
    [InlineData(new byte[] { 52, 2, 1, 2, 0xFF })]
    [InlineData(new byte[] { 52, 1, 1, 52, 1, 2, 0xFF })]
    public void An_invalid_overload_value_is_rejected(byte[] options) =>
        AssertError(Datagram(options), DhcpParseError.InvalidOptionOverload);

    [Theory]
    [InlineData(1, FileOffset)]
    [InlineData(3, FileOffset)]
    [InlineData(2, SnameOffset)]
    [InlineData(3, SnameOffset)]
    public void Overload_inside_an_overloaded_field_is_rejected(byte overload, int fieldOffset)
    {
        var datagram = Datagram([52, 1, overload, 0xFF]);
        byte[] loop = [52, 1, 3, 0xFF];
        loop.CopyTo(datagram, fieldOffset);
        AssertError(datagram, DhcpParseError.OverloadInOverloadedArea);
    }

    [Theory]
    [InlineData(DhcpOptionCode.Pad)]
    [InlineData(DhcpOptionCode.End)]
    [InlineData(DhcpOptionCode.OptionOverload)]
    public void The_writer_refuses_framing_options(DhcpOptionCode code)
    {
        var message = new DhcpMessage { Options = [new(code, new byte[] { 1 })] };
        Assert.Throws<ArgumentException>(() => DhcpMessageCodec.ToArray(message));
    }

    [Fact]
    public void The_writer_refuses_fields_that_do_not_fit()
    {
        Assert.Throws<ArgumentException>(() => DhcpMessageCodec.ToArray(new DhcpMessage { ServerName = new string('s', 65) }));
        Assert.Throws<ArgumentException>(() => DhcpMessageCodec.ToArray(new DhcpMessage { BootFileName = new string('f', 129) }));
        Assert.Throws<ArgumentException>(() => DhcpMessageCodec.ToArray(new DhcpMessage { BootFileName = "\u20ac.efi" }));
        Assert.Throws<ArgumentException>(() => DhcpMessageCodec.ToArray(new DhcpMessage { ClientHardwareAddress = new byte[17] }));
        Assert.Throws<ArgumentException>(() => DhcpMessageCodec.ToArray(new DhcpMessage { YourAddress = IPAddress.IPv6Loopback }));

        var full = new DhcpMessage { ServerName = new string('s', 64), BootFileName = new string('f', 128) };
        Assert.Equal(full, DhcpMessageCodecTests.Parse(DhcpMessageCodec.ToArray(full)));
    }

    /// <summary>A BOOTREQUEST header (Ethernet, hlen 6), the cookie, then exactly these option bytes.</summary>
    internal static byte[] Datagram(byte[] options)
    {
        var datagram = new byte[240 + options.Length];
        datagram[0] = 1;
        datagram[1] = 1;
        datagram[2] = 6;
        datagram[236] = 0x63;
        datagram[237] = 0x82;
        datagram[238] = 0x53;
        datagram[239] = 0x63;
        options.CopyTo(datagram, 240);
        return datagram;
    }

    private static void AssertError(byte[] datagram, DhcpParseError expected)
    {
        Assert.False(DhcpMessageCodec.TryParse(datagram, out var message, out var error));
        Assert.Equal(expected, error);
        Assert.Null(message);
    }
}
