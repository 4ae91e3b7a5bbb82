using System.Net;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Dhcp;

/// <summary>The DHCP line names what asked in words — the client's firmware and architecture — from real clients' requests.</summary>
public sealed class DhcpLogLineTests
{
    [Theory]
    [InlineData("ovmf-pxe-discover", "UEFI x64 PXE")]
    [InlineData("seabios-ipxe-discover", "iPXE on BIOS")]
    [InlineData("ovmf-ipxe-discover", "iPXE on UEFI x64")]
    [InlineData("dhclient-discover", "DHCP client")]
    public async Task The_reply_line_names_the_client_in_words(string capture, string words)
    {
        DhcpScope[] scopes =
        [
            new DhcpScope
            {
                Network = IPAddress.Parse("127.0.0.0"),
                PrefixLength = 8,
                Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))],
            },
        ];
        await using var dhcp = await LoopbackDhcp.StartWithClientAsync(scopes);
        await dhcp.ExchangeAsync(DhcpCaptures.Load(capture));

        var line = Assert.Single(dhcp.Logs.WithEventId(LogEventIds.Dhcp.Replied)).Message;
        Assert.Contains($"({words}; ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("EfiBc", line, StringComparison.Ordinal);
        Assert.DoesNotContain("IntelX86Bios", line, StringComparison.Ordinal);
    }
}
