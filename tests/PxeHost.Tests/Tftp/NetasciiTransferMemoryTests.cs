using System.Globalization;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;
using Xunit.Abstractions;

namespace PxeHost.Tests.Tftp;

/// <summary>
/// Twenty netascii transfers of one large text file at once share its cached bytes: each encodes
/// its blocks as it sends them instead of holding its own encoded copy. Measured as the growth of
/// the managed heap (after a full collection) of this process, which runs the server, while all
/// twenty transfers are open: each has answered with its OACK and waits for the client.
/// </summary>
[Collection(HeapMeasurement.Name)]
public sealed class NetasciiTransferMemoryTests(ITestOutputHelper output)
{
    private const int Clients = 20;
    private const int FileLength = 8 << 20;
    private const int BlockSize = 65464;

    [Fact]
    public async Task Twenty_netascii_transfers_of_an_8_MiB_file_do_not_hold_twenty_encoded_copies()
    {
        // The clock stands still: no transfer times out and lets go of its content while the heap is measured.
        // All the clients share one address: the per-client limit is raised to let them all in.
        await using var server = await TftpServerHarness.StartAsync(o => o with { MaxTransfersPerClient = Clients }, new ManualTimeProvider());
        var text = Text(FileLength);
        server.WriteFile("boot/menu.txt", text);
        var clients = Enumerable.Range(0, Clients).Select(_ => new RawTftpClient()).ToList();
        try
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var options = new[] { new TftpOption("blksize", BlockSize.ToString(CultureInfo.InvariantCulture)), new TftpOption("tsize", "0") };
            clients.ForEach(c => c.Send(new TftpRequestPacket(TftpOpcode.ReadRequest, "boot/menu.txt", "netascii", options), server.Endpoint));
            var oacks = new List<TftpOptionAckPacket>();
            foreach (var client in clients)
            {
                oacks.Add(Assert.IsType<TftpOptionAckPacket>(await client.ReceiveAsync()));
            }

            var held = GC.GetTotalMemory(forceFullCollection: true) - before;
            output.WriteLine($"{Clients} open netascii transfers of a {FileLength} byte file: managed heap grew by {held} bytes ({(double)held / FileLength:0.00} × the file)");

            // One copy is the cache's; twenty encoded copies would be over twenty times the file.
            Assert.True(held < 3L * FileLength, $"the heap grew by {held} bytes for a {FileLength} byte file");

            var expected = Netascii.Encode(text);
            Assert.All(oacks, o => Assert.Contains(new TftpOption("tsize", expected.Length.ToString(CultureInfo.InvariantCulture)), o.Options));
            foreach (var client in clients)
            {
                Assert.Equal(expected, await ReceiveAllAsync(client));
            }

            await server.TransferLinesAsync(Clients);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Lines of printable text ending in LF, now and then in CR LF or a bare CR.</summary>
    private static byte[] Text(int length)
    {
        var random = new Random(9);
        var text = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var draw = random.Next(64);
            text[i] = draw switch
            {
                0 or 1 => (byte)'\n',
                2 => (byte)'\r',
                _ => (byte)(' ' + random.Next(95)),
            };
        }

        return text;
    }

    private static async Task<byte[]> ReceiveAllAsync(RawTftpClient client)
    {
        using var received = new MemoryStream();
        client.Ack(0);
        while (true)
        {
            var data = await client.ReceiveDataAsync();
            received.Write(data.Payload.Span);
            client.Ack(data.Block);
            if (data.Payload.Length < BlockSize)
            {
                return received.ToArray();
            }
        }
    }
}
