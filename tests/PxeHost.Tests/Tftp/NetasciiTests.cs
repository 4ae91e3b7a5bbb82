using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>Netascii (RFC 764, required by RFC 1350 §1): LF becomes CR LF, a bare CR becomes CR NUL.</summary>
public sealed class NetasciiTests
{
    [Fact]
    public void Empty_input_gives_empty_output()
    {
        Assert.Empty(Netascii.Encode([]));
    }

    [Fact]
    public void Line_feed_becomes_carriage_return_line_feed()
    {
        Assert.Equal("\r\n"u8.ToArray(), Netascii.Encode("\n"u8));
        Assert.Equal("a\r\nb\r\n"u8.ToArray(), Netascii.Encode("a\nb\n"u8));
        Assert.Equal("\r\n\r\n\r\n"u8.ToArray(), Netascii.Encode("\n\n\n"u8));
    }

    [Fact]
    public void Carriage_return_becomes_carriage_return_nul()
    {
        Assert.Equal(new byte[] { 0x0D, 0x00 }, Netascii.Encode([0x0D]));
        Assert.Equal(new byte[] { (byte)'a', 0x0D, 0x00, (byte)'b' }, Netascii.Encode("a\rb"u8));
    }

    [Fact]
    public void Carriage_return_line_feed_encodes_each_byte()
    {
        Assert.Equal(new byte[] { 0x0D, 0x00, 0x0D, 0x0A }, Netascii.Encode("\r\n"u8));
    }

    [Fact]
    public void Other_bytes_are_unchanged()
    {
        var others = Enumerable.Range(0, 256).Where(b => b is not 0x0A and not 0x0D).Select(b => (byte)b).ToArray();
        Assert.Equal(254, others.Length);
        Assert.Equal(others, Netascii.Encode(others));
    }

    [Fact]
    public void Mixed_text_is_encoded_in_order()
    {
        byte[] source = [.. "menu\n"u8, 0x00, 0xFF, .. "x\ry\r\n"u8];
        byte[] expected = [.. "menu\r\n"u8, 0x00, 0xFF, .. "x\r"u8, 0x00, .. "y\r"u8, 0x00, .. "\r\n"u8];
        Assert.Equal(expected, Netascii.Encode(source));
    }
}
