using System.Net;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Dhcp;

/// <summary>The DHCP line names what asked in words — the client's firmware and architecture — from real clients' requests.</summary>
public sealed class DhcpLogLineTests
{
    private static readonly DhcpScope[] Loopback =
    [
        new DhcpScope
        {
            Network = IPAddress.Parse("127.0.0.0"),
            PrefixLength = 8,
            Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))],
        },
    ];

    [Fact]
    public async Task At_debug_each_option_of_a_reply_is_logged_decoded_on_a_line_of_its_own()
    {
        await using var dhcp = await LoopbackDhcp.StartWithClientAsync(Loopback);
        var reply = await dhcp.ExchangeAsync(DhcpCaptures.Load("ovmf-pxe-discover"));

        // Logged once sent: the client may read the reply before the last line is written.
        await Eventually.TrueAsync(() => dhcp.Logs.WithEventId(LogEventIds.Dhcp.ReplyOption).Count() == reply.Options.Count, "a line per option");
        var lines = dhcp.Logs.WithEventId(LogEventIds.Dhcp.ReplyOption).ToList();
        Assert.All(lines, l => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, l.Level));
        Assert.Equal(reply.Options.Select(o => $"dhcp 52:54:00:00:00:02 Offer option {Protocol.Dhcp.DhcpOptionText.Describe(o)}"), lines.Select(l => l.Message));
        Assert.Contains("dhcp 52:54:00:00:00:02 Offer option 53 message-type: Offer", lines.Select(l => l.Message));
        Assert.Contains(lines, l => l.Message.Contains(" option 54 server-identifier: 127.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ovmf-pxe-discover", "UEFI x64 PXE")]
    [InlineData("seabios-ipxe-discover", "iPXE on BIOS")]
    [InlineData("ovmf-ipxe-discover", "iPXE on UEFI x64")]
    [InlineData("dhclient-discover", "DHCP client")]
    public async Task The_reply_line_names_the_client_in_words(string capture, string words)
    {
        await using var dhcp = await LoopbackDhcp.StartWithClientAsync(Loopback);
        await dhcp.ExchangeAsync(DhcpCaptures.Load(capture));

        await Eventually.TrueAsync(() => dhcp.Logs.WithEventId(LogEventIds.Dhcp.Replied).Any(), "the reply logged");
        var line = Assert.Single(dhcp.Logs.WithEventId(LogEventIds.Dhcp.Replied)).Message;
        Assert.Contains($"({words}; ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("EfiBc", line, StringComparison.Ordinal);
        Assert.DoesNotContain("IntelX86Bios", line, StringComparison.Ordinal);
    }
}
