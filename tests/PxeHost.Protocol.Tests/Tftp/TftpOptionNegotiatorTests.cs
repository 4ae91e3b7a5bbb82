using PxeHost.Protocol.Tftp;

namespace PxeHost.Protocol.Tests.Tftp;

/// <summary>What a read (or write) request's options turn into: RFC 2347, 2348, 2349 and 7440.</summary>
public sealed class TftpOptionNegotiatorTests
{
    private static readonly TftpNegotiationLimits Limits = TftpNegotiationLimits.Default;

    [Fact]
    public void No_options_means_rfc1350_defaults_and_no_option_ack()
    {
        var result = Negotiate([]);
        Assert.Equal(512, result.BlockSize);
        Assert.Equal(1, result.WindowSize);
        Assert.Null(result.TimeoutSeconds);
        Assert.Empty(result.AcceptedOptions);
        Assert.False(result.HasOptionAck);
        Assert.False(result.RequestedTransferSize);
    }

    [Fact]
    public void Default_limits_are_the_rfc_maximum_block_size_and_a_window_of_64()
    {
        Assert.Equal(65464, Limits.MaxBlockSize);
        Assert.Equal(64, Limits.MaxWindowSize);
    }

    [Fact]
    public void Blksize_7_is_ignored()
    {
        var result = Negotiate([new("blksize", "7")]);
        Assert.Equal(512, result.BlockSize);
        Assert.False(result.HasOptionAck);
    }

    [Theory]
    [InlineData("8", 8)]
    [InlineData("512", 512)]
    [InlineData("1428", 1428)]
    [InlineData("1432", 1432)]
    [InlineData("65464", 65464)]
    public void Blksize_in_range_is_accepted_and_echoed(string requested, int expected)
    {
        var result = Negotiate([new("blksize", requested)]);
        Assert.Equal(expected, result.BlockSize);
        Assert.Equal([new TftpOption("blksize", requested)], result.AcceptedOptions);
        Assert.True(result.HasOptionAck);
    }

    [Theory]
    [InlineData("65465")]
    [InlineData("65535")]
    [InlineData("100000")]
    [InlineData("4294967296")]
    public void Blksize_above_65464_is_answered_with_the_limit(string requested)
    {
        var result = Negotiate([new("blksize", requested)]);
        Assert.Equal(65464, result.BlockSize);
        Assert.Equal([new TftpOption("blksize", "65464")], result.AcceptedOptions);
    }

    [Fact]
    public void Blksize_above_a_lower_configured_limit_is_answered_with_that_limit()
    {
        var limits = new TftpNegotiationLimits { MaxBlockSize = 1428 };
        var result = Negotiate([new("blksize", "1468")], limits: limits);
        Assert.Equal(1428, result.BlockSize);
        Assert.Equal([new TftpOption("blksize", "1428")], result.AcceptedOptions);

        var below = Negotiate([new("blksize", "1024")], limits: limits);
        Assert.Equal(1024, below.BlockSize);
        Assert.Equal([new TftpOption("blksize", "1024")], below.AcceptedOptions);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("256")]
    [InlineData("1000")]
    public void Timeout_outside_1_to_255_is_ignored(string requested)
    {
        var result = Negotiate([new("timeout", requested)]);
        Assert.Null(result.TimeoutSeconds);
        Assert.False(result.HasOptionAck);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("5", 5)]
    [InlineData("255", 255)]
    public void Timeout_in_range_is_echoed(string requested, int expected)
    {
        var result = Negotiate([new("timeout", requested)]);
        Assert.Equal(expected, result.TimeoutSeconds);
        Assert.Equal([new TftpOption("timeout", requested)], result.AcceptedOptions);
    }

    [Fact]
    public void Tsize_on_a_read_request_is_answered_with_the_file_size()
    {
        var result = Negotiate([new("tsize", "0")], fileSize: 673312);
        Assert.Equal([new TftpOption("tsize", "673312")], result.AcceptedOptions);
        Assert.True(result.RequestedTransferSize);
        Assert.True(result.HasOptionAck);

        var large = Negotiate([new("tsize", "0")], fileSize: 5_000_000_000);
        Assert.Equal([new TftpOption("tsize", "5000000000")], large.AcceptedOptions);
    }

    [Fact]
    public void Tsize_is_ignored_when_the_file_size_is_unknown()
    {
        var result = Negotiate([new("tsize", "0")], fileSize: null);
        Assert.Empty(result.AcceptedOptions);
        Assert.False(result.RequestedTransferSize);
    }

    [Fact]
    public void Tsize_is_not_announced_for_an_empty_file()
    {
        // curl refuses "tsize 0" in an OACK; the first (empty) DATA block tells every client the size.
        var result = Negotiate([new("tsize", "0")], fileSize: 0);
        Assert.Empty(result.AcceptedOptions);
        Assert.False(result.RequestedTransferSize);

        var withOther = Negotiate([new("tsize", "0"), new("blksize", "1024")], fileSize: 0);
        Assert.Equal([new TftpOption("blksize", "1024")], withOther.AcceptedOptions);
    }

    [Fact]
    public void Tsize_is_ignored_on_a_write_request()
    {
        var result = Negotiate([new("tsize", "1234")], fileSize: 99, opcode: TftpOpcode.WriteRequest);
        Assert.Empty(result.AcceptedOptions);
        Assert.False(result.RequestedTransferSize);
    }

    [Fact]
    public void Rfc2349_example_answers_timeout_and_tsize()
    {
        var result = Negotiate([new("timeout", "1"), new("tsize", "0")], fileSize: 673312);
        Assert.Equal([new TftpOption("timeout", "1"), new TftpOption("tsize", "673312")], result.AcceptedOptions);
        Assert.Equal(1, result.TimeoutSeconds);
    }

    [Fact]
    public void Windowsize_0_is_ignored()
    {
        var result = Negotiate([new("windowsize", "0")]);
        Assert.Equal(1, result.WindowSize);
        Assert.False(result.HasOptionAck);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("4", 4)]
    [InlineData("64", 64)]
    [InlineData("65", 64)]
    [InlineData("65535", 64)]
    public void Windowsize_is_capped_by_the_maximum(string requested, int expected)
    {
        var result = Negotiate([new("windowsize", requested)]);
        Assert.Equal(expected, result.WindowSize);
        Assert.Equal([new TftpOption("windowsize", expected.ToString(System.Globalization.CultureInfo.InvariantCulture))], result.AcceptedOptions);
    }

    [Fact]
    public void Windowsize_is_capped_by_a_configured_maximum()
    {
        var result = Negotiate([new("windowsize", "16")], limits: new TftpNegotiationLimits { MaxWindowSize = 8 });
        Assert.Equal(8, result.WindowSize);
        Assert.Equal([new TftpOption("windowsize", "8")], result.AcceptedOptions);
    }

    [Fact]
    public void Windowsize_above_65535_is_ignored()
    {
        var result = Negotiate([new("windowsize", "65536")]);
        Assert.Equal(1, result.WindowSize);
        Assert.False(result.HasOptionAck);
    }

    [Fact]
    public void Unknown_options_are_ignored()
    {
        var result = Negotiate([new("multicast", ""), new("rollover", "0"), new("utimeout", "500"), new("blksize", "1024")]);
        Assert.Equal([new TftpOption("blksize", "1024")], result.AcceptedOptions);
        Assert.Equal(1024, result.BlockSize);
    }

    [Theory]
    [InlineData("blksize", "abc")]
    [InlineData("blksize", "")]
    [InlineData("blksize", "-1024")]
    [InlineData("blksize", "+1024")]
    [InlineData("blksize", " 1024")]
    [InlineData("blksize", "1024 ")]
    [InlineData("blksize", "1,024")]
    [InlineData("blksize", "1024.0")]
    [InlineData("blksize", "0x400")]
    [InlineData("blksize", "99999999999999999999999")]
    [InlineData("timeout", "five")]
    [InlineData("tsize", "x")]
    [InlineData("windowsize", "4k")]
    public void Non_numeric_values_are_ignored(string name, string value)
    {
        var result = Negotiate([new(name, value)], fileSize: 100);
        Assert.Empty(result.AcceptedOptions);
        Assert.Equal(512, result.BlockSize);
        Assert.Equal(1, result.WindowSize);
        Assert.Null(result.TimeoutSeconds);
    }

    [Fact]
    public void Option_names_match_case_insensitively_and_the_option_ack_uses_lower_case()
    {
        var result = Negotiate(
            [new("BLKSIZE", "1432"), new("TimeOut", "3"), new("TSize", "0"), new("WindowSize", "8")], fileSize: 4096);

        Assert.Equal(1432, result.BlockSize);
        Assert.Equal(3, result.TimeoutSeconds);
        Assert.Equal(8, result.WindowSize);
        Assert.True(result.RequestedTransferSize);
        Assert.Equal(
            [new TftpOption("blksize", "1432"), new TftpOption("timeout", "3"), new TftpOption("tsize", "4096"), new TftpOption("windowsize", "8")],
            result.AcceptedOptions);
    }

    [Fact]
    public void A_duplicated_option_takes_its_first_value()
    {
        var result = Negotiate([new("blksize", "1024"), new("BlkSize", "1432"), new("blksize", "8")]);
        Assert.Equal(1024, result.BlockSize);
        Assert.Equal([new TftpOption("blksize", "1024")], result.AcceptedOptions);

        var window = Negotiate([new("windowsize", "2"), new("windowsize", "16")]);
        Assert.Equal(2, window.WindowSize);
        Assert.Equal([new TftpOption("windowsize", "2")], window.AcceptedOptions);
    }

    [Fact]
    public void Accepted_options_keep_the_clients_order()
    {
        var result = Negotiate(
            [new("windowsize", "4"), new("unknown", "1"), new("tsize", "0"), new("blksize", "1468"), new("timeout", "2")],
            fileSize: 10);
        Assert.Equal(
            ["windowsize", "tsize", "blksize", "timeout"],
            result.AcceptedOptions.Select(o => o.Name));

        var reversed = Negotiate([new("timeout", "2"), new("blksize", "1468"), new("tsize", "0"), new("windowsize", "4")], fileSize: 10);
        Assert.Equal(["timeout", "blksize", "tsize", "windowsize"], reversed.AcceptedOptions.Select(o => o.Name));
    }

    [Fact]
    public void Leading_zeros_are_read_as_decimal_and_answered_canonically()
    {
        var result = Negotiate([new("blksize", "01024"), new("timeout", "007")]);
        Assert.Equal(1024, result.BlockSize);
        Assert.Equal(7, result.TimeoutSeconds);
        Assert.Equal([new TftpOption("blksize", "1024"), new TftpOption("timeout", "7")], result.AcceptedOptions);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        var request = new TftpRequestPacket(TftpOpcode.ReadRequest, "a", "octet", []);
        Assert.Throws<ArgumentNullException>(() => TftpOptionNegotiator.Negotiate(null!, 1, Limits));
        Assert.Throws<ArgumentNullException>(() => TftpOptionNegotiator.Negotiate(request, 1, null!));
    }

    private static TftpTransferParameters Negotiate(
        TftpOption[] options,
        long? fileSize = 1000,
        TftpOpcode opcode = TftpOpcode.ReadRequest,
        TftpNegotiationLimits? limits = null) =>
        TftpOptionNegotiator.Negotiate(
            new TftpRequestPacket(opcode, "pxelinux.0", "octet", options), fileSize, limits ?? Limits);
}
