using System.Net;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Events;

/// <summary>
/// A TFTP transfer on loopback is published as started and ended, named by the MAC the client
/// directory holds for the client's address, and counted on the server's meter.
/// </summary>
public sealed class TftpEventsTests
{
    private static readonly System.Net.NetworkInformation.PhysicalAddress Mac = DhcpCaptures.Mac("52:54:00:12:34:56");

    [Fact]
    public async Task A_transfer_from_a_known_address_is_published_under_its_mac_and_counted()
    {
        var stream = new BootEventStream(TimeProvider.System);
        stream.Clients.Record(IPAddress.Loopback, Mac);
        using var events = stream.Subscribe(e => Mac.Equals(e.Mac));
        await using var server = await TftpServerHarness.StartAsync(events: stream);
        var content = TftpServerHarness.RandomBytes(1200);
        server.WriteFile("ipxe.efi", content);
        using var client = new RawTftpClient();

        client.RequestRead(server.Endpoint, "ipxe.efi", new TftpOption("tsize", "0"));
        var oack = Assert.IsType<TftpOptionAckPacket>(await client.ReceiveAsync());
        Assert.Contains(new TftpOption("tsize", "1200"), oack.Options);
        client.Ack(0);
        for (ushort block = 1; block <= 3; block++)
        {
            Assert.Equal(block, (await client.ReceiveDataAsync()).Block);
            client.Ack(block);
        }

        var started = await events.NextAsync<TftpTransferStarted>();
        Assert.Equal(("ipxe.efi", "octet", IPAddress.Loopback), (started.File, started.Mode, started.ClientIp));
        Assert.Equal([new TftpOption("tsize", "0")], started.Options);
        Assert.Equal(client.LocalEndPoint.Port, started.ClientPort);

        var ended = await events.NextAsync<TftpTransferEnded>();
        Assert.Equal(Mac, ended.Mac);
        Assert.Equal(TftpTransferOutcome.Completed, ended.Outcome);
        Assert.Equal((1200L, (long?)1200, 512, 1, 0), (ended.Bytes, ended.Size, ended.BlockSize, ended.WindowSize, ended.Retransmits));
        Assert.Equal(started.ClientPort, ended.ClientPort);
        Assert.Equal(string.Empty, ended.Reason);

        // The datagrams a capture file shows: the request as sent; then the OACK, the first ACK, the first and the last DATA (their header and
        // first 64 bytes kept, the length on the wire stated), and the final ACK, each between the transfer's own port and the client's.
        var request = Assert.Single(started.Packets);
        Assert.Equal((client.LocalEndPoint, server.Endpoint), (request.Source, request.Destination));
        Assert.Equal(TftpPacketCodec.ToArray(new TftpRequestPacket(TftpOpcode.ReadRequest, "ipxe.efi", "octet", [new TftpOption("tsize", "0")])), request.Payload.ToArray());
        var transfer = client.Transfer!;
        Assert.Equal(
            [(transfer, client.LocalEndPoint, "OACK"), (client.LocalEndPoint, transfer, "ACK 0"), (transfer, client.LocalEndPoint, "DATA 1 516/68"),
                (transfer, client.LocalEndPoint, "DATA 3 180/68"), (client.LocalEndPoint, transfer, "ACK 3")],
            ended.Packets.Select(p => (p.Source, p.Destination, Describe(p))));
        Assert.Equal(content.AsSpan(0, 64).ToArray(), ended.Packets[2].Payload[4..].ToArray());

        // The metric is written before the event is published: no waiting needed.
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpTransfersStarted));
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpTransfersEnded, MetricNames.TftpOutcomeTag, PxeHostMetrics.Tag(TftpTransferOutcome.Completed)));
        Assert.Equal(1200, server.Metrics.Total(MetricNames.TftpBytesSent));
        Assert.Equal(0, server.Metrics.Total(MetricNames.TftpRetransmits));
    }

    [Fact]
    public async Task A_refused_request_ends_with_its_reason_and_an_unknown_address_has_no_mac()
    {
        var stream = new BootEventStream(TimeProvider.System);
        using var events = stream.Subscribe();
        await using var server = await TftpServerHarness.StartAsync(events: stream);
        using var client = new RawTftpClient();

        client.RequestRead(server.Endpoint, "missing.efi");
        Assert.Equal(TftpErrorCode.FileNotFound, Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync()).Code);

        var ended = await events.NextAsync<TftpTransferEnded>();
        Assert.Null(ended.Mac);
        Assert.Equal(TftpTransferOutcome.Refused, ended.Outcome);
        Assert.Null(ended.Size);
        Assert.Equal("missing.efi", ended.File);
        Assert.StartsWith("not found in root ", ended.Reason, StringComparison.Ordinal);
        var error = Assert.Single(ended.Packets);
        Assert.Equal(client.LocalEndPoint, error.Destination);
        Assert.Equal(TftpErrorCode.FileNotFound, Assert.IsType<TftpErrorPacket>(Parse(error)).Code);
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpTransfersEnded, MetricNames.TftpOutcomeTag, PxeHostMetrics.Tag(TftpTransferOutcome.Refused)));
    }

    [Fact]
    public async Task A_size_probe_keeps_the_OACK_and_the_clients_ERROR()
    {
        var stream = new BootEventStream(TimeProvider.System);
        stream.Clients.Record(IPAddress.Loopback, Mac);
        using var events = stream.Subscribe(e => e is TftpTransferEnded);
        await using var server = await TftpServerHarness.StartAsync(events: stream);
        server.WriteFile("bootx64.efi", TftpServerHarness.RandomBytes(3000));
        using var client = new RawTftpClient();

        client.RequestRead(server.Endpoint, "bootx64.efi", new TftpOption("tsize", "0"));
        Assert.IsType<TftpOptionAckPacket>(await client.ReceiveAsync());
        client.Send(new TftpErrorPacket(TftpErrorCode.OptionNegotiationFailed, "User aborted the transfer"), client.Transfer!);

        var ended = await events.NextAsync<TftpTransferEnded>();
        Assert.Equal(TftpTransferOutcome.SizeProbe, ended.Outcome);
        Assert.Equal(
            [(client.Transfer!, client.LocalEndPoint, "OACK"), (client.LocalEndPoint, client.Transfer!, "Error")],
            ended.Packets.Select(p => (p.Source, p.Destination, Describe(p))));
    }

    private static TftpPacket Parse(UdpPacket packet) =>
        TftpPacketCodec.TryParse(packet.Payload.Span, out var parsed, out var error) ? parsed! : throw new InvalidOperationException($"{error}");

    private static string Describe(UdpPacket packet) => Parse(packet) switch
    {
        TftpOptionAckPacket => "OACK",
        TftpAckPacket ack => $"ACK {ack.Block}",
        TftpDataPacket data => $"DATA {data.Block} {packet.Length}/{packet.Payload.Length}",
        var other => other.Opcode.ToString(),
    };

    [Fact]
    public async Task Servers_side_by_side_count_apart_and_active_transfers_return_to_zero()
    {
        await using var first = await TftpServerHarness.StartAsync();
        await using var second = await TftpServerHarness.StartAsync();
        first.WriteFile("f", [1, 2, 3]);
        using var client = new RawTftpClient();

        client.RequestRead(first.Endpoint, "f");
        Assert.Equal([1, 2, 3], (await client.ReceiveDataAsync()).Payload.ToArray());
        client.Ack(1);
        await first.TransferLinesAsync(1);

        Assert.Equal(1, first.Metrics.Total(MetricNames.TftpTransfersStarted));
        Assert.Equal(0, second.Metrics.Total(MetricNames.TftpTransfersStarted));
        await Eventually.TrueAsync(() => first.Metrics.Total(MetricNames.TftpTransfersActive) == 0, "the transfer to leave the active count");
    }
}
