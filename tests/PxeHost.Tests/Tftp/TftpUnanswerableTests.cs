using System.Net;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>
/// Requests no reply can reach — source port 0, a broadcast source — sent as forged datagrams over
/// loopback: each is counted and logged, and the server keeps serving (issue 9).
/// </summary>
public sealed class TftpUnanswerableTests
{
    private static byte[] ReadRequest(string file) =>
        TftpPacketCodec.ToArray(new TftpRequestPacket(TftpOpcode.ReadRequest, file, "octet", []));

    [Fact]
    public async Task A_request_from_source_port_0_is_dropped_as_malformed_before_any_send()
    {
        await using var server = await TftpServerHarness.StartAsync(time: new ManualTimeProvider());
        server.WriteFile("f", [1, 2, 3]);

        ForgedUdp.Send(new IPEndPoint(IPAddress.Loopback, 0), server.Endpoint, ReadRequest("f"));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");

        // Requests are handled in order: by the time the second is answered the first was dropped.
        Assert.Equal([1, 2, 3], (await client.ReceiveDataAsync()).Payload.ToArray());
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpMalformed));
        Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.SourcePortZero));
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpTransfersStarted));
    }

    [Fact]
    public async Task At_the_transfer_cap_a_busy_reply_that_cannot_be_sent_is_counted_and_the_listener_keeps_serving()
    {
        await using var server = await TftpServerHarness.StartAsync(o => o with { MaxConcurrentTransfers = 1 }, new ManualTimeProvider());
        server.WriteFile("f", [1, 2, 3]);
        using var holder = new RawTftpClient();
        holder.RequestRead(server.Endpoint, "f");
        await holder.ReceiveDataAsync(); // never acknowledged: the one slot stays taken

        // The busy reply to 127.255.255.255 fails with EACCES (a broadcast address without SO_BROADCAST).
        ForgedUdp.Send(new IPEndPoint(ForgedUdp.LoopbackBroadcast, 4444), server.Endpoint, ReadRequest("f"));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");

        var busy = Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync());
        Assert.Contains("busy", busy.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpSendFailures));
        Assert.Equal(2, server.Metrics.Total(MetricNames.TftpBusy, MetricNames.TftpLimitTag, "server"));
        Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.SendFailed));
    }

    [Fact]
    public async Task A_transfer_to_a_client_that_cannot_be_sent_to_ends_as_client_gone_not_as_an_error()
    {
        await using var server = await TftpServerHarness.StartAsync(time: new ManualTimeProvider());
        server.WriteFile("f", [1, 2, 3]);

        ForgedUdp.Send(new IPEndPoint(ForgedUdp.LoopbackBroadcast, 4444), server.Endpoint, ReadRequest("f"));

        var line = Assert.Single(await server.TransferLinesAsync(1));
        Assert.Contains("ClientGone", line, StringComparison.Ordinal);
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpSendFailures));
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpTransfersEnded, MetricNames.TftpOutcomeTag, PxeHostMetrics.Tag(TftpTransferOutcome.ClientGone)));

        // Disposing the harness fails the test had the server logged an error.
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");
        Assert.Equal([1, 2, 3], (await client.ReceiveDataAsync()).Payload.ToArray());
    }
}
