using System.Net;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Tftp;

/// <summary>What one client can hold: transfers per address, and how long a transfer waits for its first ACK.</summary>
public sealed class TftpLimitsTests
{
    [Fact]
    public async Task A_client_address_at_its_transfer_limit_gets_busy_while_another_address_is_served()
    {
        await using var server = await TftpServerHarness.StartAsync(o => o with { MaxTransfersPerClient = 2 }, new ManualTimeProvider());
        server.WriteFile("f", [1, 2, 3]);
        using var first = new RawTftpClient();
        using var second = new RawTftpClient();
        using var third = new RawTftpClient();
        using var other = new RawTftpClient(IPAddress.Parse("127.0.0.2"));
        first.RequestRead(server.Endpoint, "f");
        await first.ReceiveDataAsync();
        second.RequestRead(server.Endpoint, "f");
        await second.ReceiveDataAsync();

        third.RequestRead(server.Endpoint, "f");
        var busy = Assert.IsType<TftpErrorPacket>(await third.ReceiveAsync());
        Assert.Contains("busy", busy.Message, StringComparison.OrdinalIgnoreCase);
        other.RequestRead(server.Endpoint, "f");
        Assert.Equal([1, 2, 3], (await other.ReceiveDataAsync()).Payload.ToArray());

        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpBusy, MetricNames.TftpLimitTag, "client"));
        Assert.Contains("from one client address", Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.Busy)).Message, StringComparison.Ordinal);

        // A finished transfer gives its address's slot back.
        first.Ack(1);
        await server.TransferLinesAsync(1);
        using var fourth = new RawTftpClient();
        fourth.RequestRead(server.Endpoint, "f");
        Assert.Equal([1, 2, 3], (await fourth.ReceiveDataAsync()).Payload.ToArray());
    }

    [Fact]
    public async Task At_the_cap_a_client_repeating_its_request_is_not_told_busy_and_its_transfer_goes_on()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TftpServerHarness.StartAsync(o => o with { MaxConcurrentTransfers = 1 }, clock);
        server.WriteFile("f", [1, 2, 3]);
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");
        Assert.Equal(1, (await client.ReceiveDataAsync()).Block);

        // Block 1 was "lost": the client asks again, at the cap. A busy error now would end its boot.
        client.RequestRead(server.Endpoint, "f");
        await Eventually.TrueAsync(() => server.Logs.WithEventId(LogEventIds.Tftp.DuplicateRequest).Any(), "the repeated request seen");
        await Eventually.TrueAsync(() => clock.ArmedTimers > 0, "the transfer arms its retransmit timer");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await client.ReceiveDataAsync()).Block);
        client.Ack(1);
        Assert.Contains("Completed", Assert.Single(await server.TransferLinesAsync(1)), StringComparison.Ordinal);
        Assert.Equal(0, server.Metrics.Total(MetricNames.TftpBusy));
    }

    [Fact]
    public async Task A_client_that_never_acknowledges_the_oack_is_dropped_after_the_first_ack_timeout_whatever_timeout_it_asked()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TftpServerHarness.StartAsync(time: clock);
        server.WriteFile("f", TftpServerHarness.RandomBytes(3000));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f", new TftpOption("timeout", "255"), new TftpOption("tsize", "0"));
        Assert.IsType<TftpOptionAckPacket>(await client.ReceiveAsync());

        // "timeout 255" with 7 retries would keep the transfer for minutes; the first ACK is owed within 5 s.
        var advanced = TimeSpan.Zero;
        while (!server.Logs.WithEventId(LogEventIds.Tftp.TransferEnded).Any() && advanced < TimeSpan.FromSeconds(30))
        {
            await Eventually.TrueAsync(
                () => clock.ArmedTimers > 0 || server.Logs.WithEventId(LogEventIds.Tftp.TransferEnded).Any(),
                "the transfer arms its retransmit timer or ends");
            clock.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
        }

        var line = Assert.Single(await server.TransferLinesAsync(1));
        Assert.Contains("TimedOut", line, StringComparison.Ordinal);
        Assert.Contains("no ACK 5 s after the first packet", line, StringComparison.Ordinal);
        Assert.InRange(advanced, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.25));
        Assert.True(server.Logs.WithEventId(LogEventIds.Tftp.Retransmit).Count() >= 2, "the OACK is still retransmitted before the deadline");
    }

    [Fact]
    public async Task The_first_ack_deadline_does_not_end_a_transfer_the_client_answered()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TftpServerHarness.StartAsync(o => o with { FirstAckTimeout = TimeSpan.FromSeconds(1) }, clock);
        server.WriteFile("f", TftpServerHarness.RandomBytes(1000));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");
        Assert.Equal(1, (await client.ReceiveDataAsync()).Block);
        client.Ack(1);
        Assert.Equal(2, (await client.ReceiveDataAsync()).Block);

        // Block 2 is lost once, past the first-ACK deadline: it is resent, not abandoned.
        await Eventually.TrueAsync(() => clock.ArmedTimers > 0, "the transfer arms its retransmit timer");
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await client.ReceiveDataAsync()).Block);
        client.Ack(2);
        Assert.Contains("Completed", Assert.Single(await server.TransferLinesAsync(1)), StringComparison.Ordinal);
    }
}
