using System.Net;
using System.Net.Sockets;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// The real DHCP service on loopback ("lo", SO_BINDTODEVICE, unprivileged ports) takes a corpus of
/// malformed datagrams: each is counted and logged as malformed with the parse error the codec
/// names, nothing is answered, and the service still answers a well-formed DHCPINFORM afterwards.
/// </summary>
public sealed class DhcpServerCorpusTests
{
    /// <summary>The server reads at most this much of a datagram (its receive buffer); the rest is cut off by the kernel.</summary>
    private const int ServerReceiveBuffer = 2048;

    public static IEnumerable<(string Name, byte[] Datagram, DhcpParseError Error)> Corpus()
    {
        yield return ("zero-length datagram", [], DhcpParseError.TruncatedHeader);
        yield return ("one byte", [1], DhcpParseError.TruncatedHeader);
        yield return ("BOOTP header without the cookie", Datagram([])[..DhcpMessageCodec.HeaderLength], DhcpParseError.TruncatedHeader);
        yield return ("cookie cut short", Datagram([])[..(DhcpMessageCodec.OptionsOffset - 1)], DhcpParseError.TruncatedHeader);
        yield return ("magic cookie off by one", Datagram([53, 1, 8, 255], d => d[239] = 0x64), DhcpParseError.BadMagicCookie);
        yield return ("plain BOOTP: zero vend field", Datagram(new byte[60], d => d.AsSpan(236, 4).Clear()), DhcpParseError.BadMagicCookie);
        yield return ("hlen 17", Datagram([53, 1, 8, 255], d => d[2] = 17), DhcpParseError.HardwareAddressTooLong);
        yield return ("hlen 255", Datagram([53, 1, 8, 255], d => d[2] = 255), DhcpParseError.HardwareAddressTooLong);
        yield return ("option length runs past the end", Datagram([53, 1, 8, 12, 200, (byte)'v', (byte)'m']), DhcpParseError.OptionOverrun);
        yield return ("option code without its length byte", Datagram([53, 1, 8, 12]), DhcpParseError.OptionOverrun);
        yield return ("overload value 4", Datagram([53, 1, 8, 52, 1, 4, 255]), DhcpParseError.InvalidOptionOverload);
        yield return ("overload value 0", Datagram([53, 1, 8, 52, 1, 0, 255]), DhcpParseError.InvalidOptionOverload);
        yield return ("overload two bytes long", Datagram([53, 1, 8, 52, 2, 1, 1, 255]), DhcpParseError.InvalidOptionOverload);
        yield return ("overloaded file says overload again", Datagram([53, 1, 8, 52, 1, 1, 255], d => Put(d, FileOffset, 52, 1, 1, 255)),
            DhcpParseError.OverloadInOverloadedArea);
        yield return ("overloaded file points at sname", Datagram([53, 1, 8, 52, 1, 3, 255], d => Put(d, FileOffset, 52, 1, 2, 255)),
            DhcpParseError.OverloadInOverloadedArea);
        yield return ("overloaded sname points at itself", Datagram([53, 1, 8, 52, 1, 2, 255], d => Put(d, SnameOffset, 52, 1, 2, 255)),
            DhcpParseError.OverloadInOverloadedArea);
        yield return ("option runs past the end of the overloaded file field", Datagram([53, 1, 8, 52, 1, 1, 255], d => Put(d, FileOffset + 126, 12, 10)),
            DhcpParseError.OptionOverrun);
        yield return ("64 KiB of garbage (the largest UDP datagram)", Garbage(65_507, seed: 6767), DhcpParseError.BadMagicCookie);
        foreach (var (length, seed) in new[] { (17, 1), (239, 2), (240, 3), (300, 4), (548, 5), (1500, 6) })
        {
            yield return ($"{length} random bytes, seed {seed}", Garbage(length, seed),
                length < DhcpMessageCodec.OptionsOffset ? DhcpParseError.TruncatedHeader : DhcpParseError.BadMagicCookie);
        }
    }

    private const int SnameOffset = 44;
    private const int FileOffset = 108;

    /// <summary>A BOOTREQUEST header (Ethernet, hlen 6, chaddr 52:54:00:00:00:42), the cookie, then <paramref name="options"/> as given.</summary>
    private static byte[] Datagram(byte[] options, Action<byte[]>? change = null)
    {
        var datagram = new byte[DhcpMessageCodec.OptionsOffset + options.Length];
        datagram[0] = 1;
        datagram[1] = 1;
        datagram[2] = 6;
        Put(datagram, 28, 0x52, 0x54, 0x00, 0x00, 0x00, 0x42);
        Put(datagram, DhcpMessageCodec.HeaderLength, 99, 130, 83, 99);
        options.CopyTo(datagram, DhcpMessageCodec.OptionsOffset);
        change?.Invoke(datagram);
        return datagram;
    }

    private static void Put(byte[] datagram, int offset, params byte[] bytes) => bytes.CopyTo(datagram, offset);

    private static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Corpus_entries_fail_to_parse_with_the_named_error()
    {
        foreach (var (name, datagram, error) in Corpus())
        {
            var seen = datagram[..Math.Min(datagram.Length, ServerReceiveBuffer)];
            Assert.False(DhcpMessageCodec.TryParse(seen, out _, out var actual), $"{name} parsed");
            Assert.True(error == actual, $"{name}: expected {error}, the codec says {actual}");
        }
    }

    [Fact]
    public async Task Malformed_datagrams_are_counted_and_the_service_still_answers_an_inform()
    {
        var corpus = Corpus().ToList();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var harness = await LoopbackDhcp.StartAsync(clientPort: ((IPEndPoint)client.LocalEndPoint!).Port);
        var server = new IPEndPoint(IPAddress.Loopback, harness.ServerPort);

        for (var i = 0; i < corpus.Count; i++)
        {
            await client.SendToAsync(corpus[i].Datagram, server);

            // One at a time: a burst of 64 KiB datagrams could overflow the socket's receive buffer.
            var received = i + 1;
            await Eventually.TrueAsync(() => harness.Metrics.Total(MetricNames.DhcpReceived) == received, $"the server received {corpus[i].Name}");
        }

        await Eventually.TrueAsync(() => harness.Metrics.Total(MetricNames.DhcpMalformed) == corpus.Count, $"{corpus.Count} datagrams counted as malformed");
        // Datagrams beyond a jumbo frame's payload are dropped unparsed (event 1013): a cut-off copy must not be half-read.
        var oversized = corpus.Where(c => c.Datagram.Length > 9216).ToList();
        Assert.NotEmpty(oversized);
        Assert.Equal(oversized.Count, harness.Logs.WithEventId(LogEventIds.Dhcp.Oversized).Count());
        var logged = harness.Logs.WithEventId(LogEventIds.Dhcp.Malformed).Select(l => l.Message[(l.Message.LastIndexOf(' ') + 1)..]).Order().ToList();
        Assert.Equal(corpus.Except(oversized).Select(c => c.Error.ToString()).Order().ToList(), logged);

        var inform = DhcpCaptures.Request("52:54:00:00:00:42", DhcpMessageType.Inform) with { ClientAddress = IPAddress.Loopback, TransactionId = 0x6767 };
        await client.SendToAsync(DhcpMessageCodec.ToArray(inform), server);
        var (ack, from) = await ReceiveAsync(client, harness);

        Assert.Equal(server, from);
        Assert.Equal(DhcpMessageType.Ack, ack.MessageType);
        Assert.Equal(0x6767u, ack.TransactionId);
        Assert.Equal(IPAddress.Loopback, ack.ClientAddress);
        Assert.Equal(IPAddress.Any, ack.YourAddress);
        Assert.Equal(IPAddress.Loopback, ack.GetAddress(DhcpOptionCode.ServerIdentifier));
        Assert.Equal(IPAddress.Parse("255.0.0.0"), ack.GetAddress(DhcpOptionCode.SubnetMask));
        Assert.Null(ack.GetOption(DhcpOptionCode.LeaseTime));
        var metrics = harness.Metrics;

        // The reply is counted once sent: the client may read it before the count lands.
        await Eventually.TrueAsync(
            () => metrics.Total(MetricNames.DhcpReplies, MetricNames.DhcpMessageTypeTag, PxeHostMetrics.Tag(DhcpMessageType.Ack)) == 1,
            "the ACK counted");
        Assert.Equal((corpus.Count, 1L, 0L, corpus.Count + 1L), (metrics.Total(MetricNames.DhcpMalformed),
            metrics.Total(MetricNames.DhcpReplies, MetricNames.DhcpMessageTypeTag, PxeHostMetrics.Tag(DhcpMessageType.Ack)),
            metrics.Total(MetricNames.DhcpDropped), metrics.Total(MetricNames.DhcpReceived)));
    }

    private static async Task<(DhcpMessage Message, IPEndPoint From)> ReceiveAsync(Socket socket, LoopbackDhcp harness)
    {
        var buffer = new byte[ServerReceiveBuffer];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        SocketReceiveFromResult result;
        try
        {
            result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var metrics = harness.Metrics;
            Assert.Fail($"no reply within 10 s (received {metrics.Total(MetricNames.DhcpReceived)}, malformed {metrics.Total(MetricNames.DhcpMalformed)}, "
                + $"dropped {metrics.Total(MetricNames.DhcpDropped)}, replies {metrics.Total(MetricNames.DhcpReplies)}); "
                + $"the server's log: {string.Join(" | ", harness.Logs.Lines.Select(l => l.Message))}");
            throw;
        }

        Assert.True(DhcpMessageCodec.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var message, out var error), error.ToString());
        return (message!, (IPEndPoint)result.RemoteEndPoint);
    }
}
