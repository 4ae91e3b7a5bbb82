using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Protocol.Tests.Dhcp;

/// <summary>Option 43 for PXEClient: suboptions 6, 8, 9, 10 and 71 (PXE specification 2.1, table 2-1).</summary>
public sealed class PxeVendorOptionsCodecTests
{
    private static readonly byte[] BootMenuVector =
    [
        6, 1, 0x07,                                         // no broadcast/multicast, only listed servers
        8, 7, 0x80, 0x00, 1, 192, 168, 1, 2,                // boot servers: type 0x8000 at 192.168.1.2
        9, 20, 0x80, 0x00, 7, .. "Install"u8,               // menu: "Install" → type 0x8000
        0x00, 0x00, 7, .. "Local !"u8,                      //       "Local !" → type 0 (local boot)
        10, 7, 10, .. "Press"u8, 0x21,                      // prompt: 10 s, "Press!"
        71, 4, 0x80, 0x00, 0x00, 0x00,                      // boot item: type 0x8000, layer 0
        0xFF,
    ];

    private static readonly PxeVendorOptions BootMenuOptions = new()
    {
        DiscoveryControl = PxeDiscoveryControl.DisableBroadcastDiscovery
            | PxeDiscoveryControl.DisableMulticastDiscovery | PxeDiscoveryControl.OnlyListedBootServers,
        BootServers = [new PxeBootServer(0x8000, [IPAddress.Parse("192.168.1.2")])],
        BootMenu = [new PxeBootMenuItem(0x8000, "Install"), new PxeBootMenuItem(0, "Local !")],
        MenuPrompt = new PxeMenuPrompt(10, "Press!"),
        BootItem = new PxeBootItem(0x8000, 0),
    };

    [Fact]
    public void Boot_menu_vector_parses_to_the_model()
    {
        Assert.True(PxeVendorOptionsCodec.TryParse(BootMenuVector, out var options, out var error));
        Assert.Equal(PxeVendorParseError.None, error);
        Assert.Equal(BootMenuOptions, options);
    }

    [Fact]
    public void Boot_menu_model_writes_the_vector()
    {
        Assert.Equal(BootMenuVector, PxeVendorOptionsCodec.ToArray(BootMenuOptions));
        Assert.Equal(
            new DhcpOption(DhcpOptionCode.VendorSpecific, BootMenuVector), PxeVendorOptionsCodec.ToOption(BootMenuOptions));
    }

    [Fact]
    public void Empty_options_are_just_end_and_an_empty_value_parses_to_nothing()
    {
        Assert.Equal([0xFF], PxeVendorOptionsCodec.ToArray(new PxeVendorOptions()));
        Assert.True(PxeVendorOptionsCodec.TryParse([], out var options, out _));
        Assert.Equal(new PxeVendorOptions(), options);
    }

    [Fact]
    public void Several_boot_servers_and_unknown_suboptions_round_trip()
    {
        var original = new PxeVendorOptions
        {
            BootServers =
            [
                new PxeBootServer(1, [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2")]),
                new PxeBootServer(2, []),
            ],
            OtherSuboptions = [new PxeSuboption(PxeSuboptionCode.MulticastTftpAddress, new byte[] { 224, 1, 1, 1 })],
        };

        var bytes = PxeVendorOptionsCodec.ToArray(original);
        Assert.Equal([8, 14, 0, 1, 2, 10, 0, 0, 1, 10, 0, 0, 2, 0, 2, 0, 1, 4, 224, 1, 1, 1, 0xFF], bytes);
        Assert.True(PxeVendorOptionsCodec.TryParse(bytes, out var parsed, out _));
        Assert.Equal(original, parsed);
    }

    [Fact]
    public void Pad_is_skipped_and_missing_end_is_tolerated()
    {
        Assert.True(PxeVendorOptionsCodec.TryParse([0, 0, 6, 1, 8], out var options, out _));
        Assert.Equal(PxeDiscoveryControl.UseBootFileFromOffer, options!.DiscoveryControl);
    }

    [Theory]
    [InlineData(new byte[] { 6 }, PxeVendorParseError.SuboptionOverrun)]
    [InlineData(new byte[] { 9, 4, 0, 0, 5 }, PxeVendorParseError.SuboptionOverrun)]
    [InlineData(new byte[] { 6, 2, 1, 1, 0xFF }, PxeVendorParseError.InvalidDiscoveryControl)]
    [InlineData(new byte[] { 6, 0, 0xFF }, PxeVendorParseError.InvalidDiscoveryControl)]
    [InlineData(new byte[] { 8, 2, 0, 1, 0xFF }, PxeVendorParseError.InvalidBootServers)]
    [InlineData(new byte[] { 8, 7, 0, 1, 2, 10, 0, 0, 1, 0xFF }, PxeVendorParseError.InvalidBootServers)]
    [InlineData(new byte[] { 9, 4, 0, 0, 5, 0x41, 0xFF }, PxeVendorParseError.InvalidBootMenu)]
    [InlineData(new byte[] { 9, 2, 0, 0, 0xFF }, PxeVendorParseError.InvalidBootMenu)]
    [InlineData(new byte[] { 10, 0, 0xFF }, PxeVendorParseError.InvalidMenuPrompt)]
    [InlineData(new byte[] { 71, 3, 0, 0, 0, 0xFF }, PxeVendorParseError.InvalidBootItem)]
    public void Malformed_suboptions_are_rejected(byte[] value, PxeVendorParseError expected)
    {
        Assert.False(PxeVendorOptionsCodec.TryParse(value, out var options, out var error));
        Assert.Equal(expected, error);
        Assert.Null(options);
    }

    [Fact]
    public void The_writer_refuses_what_does_not_fit_a_suboption()
    {
        var longMenu = new PxeVendorOptions { BootMenu = [new PxeBootMenuItem(1, new string('m', 200)), new PxeBootMenuItem(2, new string('n', 60))] };
        Assert.Throws<ArgumentException>(() => PxeVendorOptionsCodec.ToArray(longMenu));
        var longText = new PxeVendorOptions { MenuPrompt = new PxeMenuPrompt(1, new string('p', 255)) };
        Assert.Throws<ArgumentException>(() => PxeVendorOptionsCodec.ToArray(longText));
        var end = new PxeVendorOptions { OtherSuboptions = [new PxeSuboption(PxeSuboptionCode.End, Array.Empty<byte>())] };
        Assert.Throws<ArgumentException>(() => PxeVendorOptionsCodec.ToArray(end));
    }
}
