using System.Net;
using System.Net.Sockets;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Tftp;

/// <summary>Runs alone: it reads the process's managed heap, which other tests running beside it would change.</summary>
[CollectionDefinition(nameof(TftpStalledTransferMemoryTests), DisableParallelization = true)]
[Collection(nameof(TftpStalledTransferMemoryTests))]
public sealed class TftpStalledTransferMemoryTests
{
    private const int Transfers = 200;

    /// <summary>
    /// Memory a transfer keeps while its client is silent: a flood of requests that never acknowledge
    /// pins this times the transfer cap. The client asks for the largest block size, which used to
    /// cost a 64 KiB packet buffer beside a 64 KiB receive buffer.
    /// </summary>
    [Fact]
    public async Task A_transfer_waiting_on_a_silent_client_holds_a_few_kilobytes_whatever_block_size_was_asked()
    {
        await using var server = await TftpServerHarness.StartAsync(
            o => o with { MaxTransfersPerClient = Transfers + 1 }, new ManualTimeProvider());
        server.WriteFile("f", TftpServerHarness.RandomBytes(1 << 20));
        var clients = new List<Socket>();
        var buffer = new byte[65536];
        try
        {
            // Warm up one transfer first (the file's cache entry, the pools, JIT), then measure N more.
            clients.Add(await StallAsync(server, buffer));
            var before = GC.GetTotalMemory(forceFullCollection: true);
            for (var i = 0; i < Transfers; i++)
            {
                clients.Add(await StallAsync(server, buffer));
            }

            var perTransfer = (GC.GetTotalMemory(forceFullCollection: true) - before) / Transfers;
            Console.WriteLine($"stalled transfer: {perTransfer} bytes of managed heap each");
            Assert.True(perTransfer < 16 * 1024, $"{perTransfer} bytes of managed heap per stalled transfer");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// After a burst (a flood's stalled transfers) the collector would not run again on an idle server,
    /// and the heap the burst grew stayed resident: when the last transfer ends, it is given back.
    /// </summary>
    [Fact]
    public async Task When_the_last_transfer_of_a_burst_ends_the_memory_it_took_is_given_back()
    {
        const int burst = 256;
        var clock = new ManualTimeProvider();
        await using var server = await TftpServerHarness.StartAsync(o => o with { MaxTransfersPerClient = burst }, clock);
        server.WriteFile("f", TftpServerHarness.RandomBytes(1 << 20));
        var clients = new List<Socket>();
        var buffer = new byte[65536];
        try
        {
            for (var i = 0; i < burst; i++)
            {
                clients.Add(await StallAsync(server, buffer));
            }

            var collections = GC.CollectionCount(GC.MaxGeneration);
            Assert.Empty(server.Logs.WithEventId(LogEventIds.Tftp.BurstReleased));
            // Each transfer's next retransmission meets ICMP port unreachable and ends.
            clients.ForEach(c => c.Dispose());
            await Eventually.TrueAsync(() => clock.ArmedTimers >= burst, "every transfer waiting on its timer");
            clock.Advance(TimeSpan.FromSeconds(1));
            await server.TransferLinesAsync(burst);
            await Eventually.TrueAsync(() => server.Logs.WithEventId(LogEventIds.Tftp.BurstReleased).Any(), "the burst's memory released");
            Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// A silent client on a plain socket: a <see cref="RawTftpClient"/> (a UdpClient) keeps a 64 KiB buffer
    /// of its own, which would be counted with the server's.
    /// </summary>
    private static async Task<Socket> StallAsync(TftpServerHarness server, byte[] buffer)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new TftpRequestPacket(TftpOpcode.ReadRequest, "f", "octet", [new TftpOption("blksize", "65464")]);
        await client.SendToAsync(TftpPacketCodec.ToArray(request), server.Endpoint);
        var oack = await client.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0));
        Assert.True(TftpPacketCodec.TryParse(buffer.AsSpan(0, oack.ReceivedBytes), out var packet, out _) && packet is TftpOptionAckPacket, $"expected an OACK, got {packet}");
        await client.SendToAsync(TftpPacketCodec.ToArray(new TftpAckPacket(0)), oack.RemoteEndPoint);
        var data = await client.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0));
        Assert.Equal(TftpPacketCodec.DataHeaderLength + 65464, data.ReceivedBytes);
        return client;
    }
}
