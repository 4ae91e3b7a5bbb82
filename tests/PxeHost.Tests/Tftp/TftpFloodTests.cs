using System.Net;
using System.Net.Sockets;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Tftp;

/// <summary>
/// A flood of read requests that never acknowledge, from several loopback addresses, while a
/// well-behaved client fetches a file: the per-address limit and the server's cap both refuse
/// flooders, stalled transfers give their slots back after the first-ACK deadline, and the client,
/// retrying on "busy" as firmware does, gets its file. Runs alone: the flood takes the CPU that other
/// tests' timings count on.
/// </summary>
[CollectionDefinition(nameof(TftpFloodTests), DisableParallelization = true)]
[Collection(nameof(TftpFloodTests))]
public sealed class TftpFloodTests
{
    /// <summary>
    /// Flooding sockets per address, 127.0.0.10 first: the first address alone asks three times as often
    /// as the limit of 8 per address lets it, and the eight addresses together ask for more than the cap of 48.
    /// </summary>
    private static readonly int[] FloodSockets = [24, 8, 8, 8, 8, 8, 8, 8];

    [Fact]
    public async Task A_client_retrying_on_busy_gets_its_file_while_requests_that_never_ack_flood_the_server()
    {
        await using var server = await TftpServerHarness.StartAsync(o => o with
        {
            MaxConcurrentTransfers = 48, // below 8 addresses x 8 transfers each: the cap is reached too
            MaxTransfersPerClient = 8,
            FirstAckTimeout = TimeSpan.FromMilliseconds(300),
        });
        var content = TftpServerHarness.RandomBytes(20_000);
        server.WriteFile("f", content);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var flooders = FloodSockets
            .SelectMany((sockets, i) => Enumerable.Range(0, sockets).Select(_ => FloodAsync(IPAddress.Parse($"127.0.0.{10 + i}"), server.Endpoint, stop.Token)))
            .ToList();
        try
        {
            // Let the flood fill every slot before the client asks.
            await Eventually.TrueAsync(
                () => server.Metrics.Total(MetricNames.TftpBusy, MetricNames.TftpLimitTag, "server") > 0
                    && server.Metrics.Total(MetricNames.TftpBusy, MetricNames.TftpLimitTag, "client") > 0,
                "both limits refusing flooders");

            var (received, attempts) = await FetchRetryingOnBusyAsync(server.Endpoint, "f", stop.Token);
            Assert.Equal(content, received);
            Assert.True(attempts >= 1);
            await Eventually.TrueAsync(
                () => server.Metrics.Total(MetricNames.TftpTransfersEnded, MetricNames.TftpOutcomeTag, "timed_out") > 0,
                "stalled transfers dropped at the first-ACK deadline");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(flooders);
        }

        // The server logs the end once it has the final ACK, which may be after the client has its file.
        await Eventually.TrueAsync(
            () => server.Logs.WithEventId(LogEventIds.Tftp.TransferEnded).Any(l => l.Message.Contains("127.0.0.1", StringComparison.Ordinal) && l.Message.Contains("Completed", StringComparison.Ordinal)),
            "the client's transfer logged as completed");
    }

    /// <summary>One flooding socket: asks for the file, never acknowledges, and asks again whenever the server answers.</summary>
    private static async Task FloodAsync(IPAddress from, IPEndPoint server, CancellationToken stop)
    {
        using var udp = new UdpClient(new IPEndPoint(from, 0));
        var request = TftpPacketCodec.ToArray(new TftpRequestPacket(TftpOpcode.ReadRequest, "f", "octet", []));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await udp.SendAsync(request, server, stop);

                // A busy error, a data block or its retransmission; while this socket's transfer lives,
                // a repeated request is ignored (the client seems to be retransmitting) and only the
                // data's retransmission comes back.
                await udp.ReceiveAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task<(byte[] Content, int Attempts)> FetchRetryingOnBusyAsync(IPEndPoint server, string file, CancellationToken stop)
    {
        for (var attempt = 1; attempt <= 2000; attempt++)
        {
            stop.ThrowIfCancellationRequested();
            using var client = new RawTftpClient();
            client.RequestRead(server, file);
            var first = await client.ReceiveAsync();
            if (first is TftpErrorPacket)
            {
                continue;
            }

            var received = new List<byte>();
            var data = Assert.IsType<TftpDataPacket>(first);
            ushort expected = 1;
            while (true)
            {
                // A block resent while our ACK was on its way (the flood loads the CPU) is acknowledged again, not kept twice.
                if (data.Block == expected)
                {
                    received.AddRange(data.Payload.ToArray());
                    expected++;
                    if (data.Payload.Length < TftpTransferParameters.DefaultBlockSize)
                    {
                        client.Ack(data.Block);
                        return (received.ToArray(), attempt);
                    }
                }

                client.Ack(data.Block);
                data = await client.ReceiveDataAsync();
            }
        }

        throw new InvalidOperationException("2000 requests all refused as busy");
    }
}
