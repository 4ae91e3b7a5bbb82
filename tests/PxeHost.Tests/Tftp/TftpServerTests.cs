using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>The server on loopback, driven packet by packet by a test client and a manual clock.</summary>
public sealed class TftpServerTests
{
    [Fact]
    public async Task Write_request_is_refused_with_access_violation_and_logged_as_read_only()
    {
        await using var server = await TftpServerHarness.StartAsync();
        using var client = new RawTftpClient();
        client.Send(new TftpRequestPacket(TftpOpcode.WriteRequest, "upload.bin", "octet", []), server.Endpoint);

        var error = Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync());
        Assert.Equal(TftpErrorCode.AccessViolation, error.Code);
        var line = Assert.Single(await server.TransferLinesAsync(1));
        Assert.Contains("read-only", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.Root, "upload.bin")));
    }

    [Fact]
    public async Task Missing_file_gets_file_not_found()
    {
        await using var server = await TftpServerHarness.StartAsync();
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "nope.efi");

        var error = Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync());
        Assert.Equal(TftpErrorCode.FileNotFound, error.Code);
        Assert.Contains("nope.efi", Assert.Single(await server.TransferLinesAsync(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uefi_tsize_probe_then_error_8_is_logged_as_a_normal_size_probe()
    {
        await using var server = await TftpServerHarness.StartAsync(time: new ManualTimeProvider());
        server.WriteFile("bootx64.efi", TftpServerHarness.RandomBytes(3000));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "bootx64.efi", new TftpOption("tsize", "0"), new TftpOption("blksize", "1468"));

        var oack = Assert.IsType<TftpOptionAckPacket>(await client.ReceiveAsync());
        Assert.Contains(new TftpOption("tsize", "3000"), oack.Options);
        client.Send(new TftpErrorPacket(TftpErrorCode.OptionNegotiationFailed, "User aborted the transfer"), client.Transfer!);

        var line = Assert.Single(await server.TransferLinesAsync(1));
        Assert.Contains("SizeProbe", line, StringComparison.Ordinal);
        var logged = Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.TransferEnded));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, logged.Level);
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpTransfersEnded));
        Assert.Equal(1, server.Metrics.Total(MetricNames.TftpTransfersEnded, MetricNames.TftpOutcomeTag, PxeHostMetrics.Tag(TftpTransferOutcome.SizeProbe)));
    }

    [Fact]
    public async Task Duplicate_ack_does_not_resend_data()
    {
        await using var server = await TftpServerHarness.StartAsync(time: new ManualTimeProvider());
        server.WriteFile("f", TftpServerHarness.RandomBytes(512 * 4));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");

        Assert.Equal(1, (await client.ReceiveDataAsync()).Block);
        client.Ack(1);
        Assert.Equal(2, (await client.ReceiveDataAsync()).Block);
        client.Ack(1);
        client.Ack(1);
        client.Ack(2);

        // Had the duplicates triggered a resend, block 2 would arrive again before block 3.
        Assert.Equal(3, (await client.ReceiveDataAsync()).Block);
    }

    [Fact]
    public async Task Windowed_transfer_restarts_after_the_last_in_order_block_on_a_gap()
    {
        await using var server = await TftpServerHarness.StartAsync(time: new ManualTimeProvider());
        var content = TftpServerHarness.RandomBytes(512 * 10);
        server.WriteFile("f", content);
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f", new TftpOption("windowsize", "4"));

        Assert.IsType<TftpOptionAckPacket>(await client.ReceiveAsync());
        client.Ack(0);
        var first = new List<ushort>();
        for (var i = 0; i < 4; i++)
        {
            first.Add((await client.ReceiveDataAsync()).Block);
        }

        client.Ack(2);
        var second = new List<ushort>();
        for (var i = 0; i < 4; i++)
        {
            second.Add((await client.ReceiveDataAsync()).Block);
        }

        Assert.Equal([1, 2, 3, 4], first);
        Assert.Equal([3, 4, 5, 6], second);
    }

    [Fact]
    public async Task Lost_data_is_resent_after_the_timeout_and_the_transfer_gives_up_after_the_retry_limit()
    {
        var clock = new ManualTimeProvider();
        // Block 1 is never acknowledged: the first-ACK deadline is lifted so the retry limit is what ends it.
        await using var server = await TftpServerHarness.StartAsync(o => o with { MaxRetries = 2, FirstAckTimeout = TimeSpan.FromHours(1) }, clock);
        server.WriteFile("f", TftpServerHarness.RandomBytes(100));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");
        Assert.Equal(1, (await client.ReceiveDataAsync()).Block);

        for (var retry = 1; retry <= 2; retry++)
        {
            await Eventually.TrueAsync(() => clock.ArmedTimers > 0, "the transfer arms its retransmit timer");
            clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(1, (await client.ReceiveDataAsync()).Block);
        }

        await Eventually.TrueAsync(() => clock.ArmedTimers > 0, "the transfer arms its retransmit timer");
        clock.Advance(TimeSpan.FromSeconds(5));
        var line = Assert.Single(await server.TransferLinesAsync(1));
        Assert.Contains("Unconfirmed", line, StringComparison.Ordinal);
        Assert.Equal(2, server.Logs.WithEventId(LogEventIds.Tftp.Retransmit).Count());
        Assert.Contains("2 retransmits", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfers_are_sent_from_the_configured_port_range()
    {
        var range = new TftpPortRange(47100, 47109);
        await using var server = await TftpServerHarness.StartAsync(o => o with { PortRange = range });
        server.WriteFile("f", TftpServerHarness.RandomBytes(10));
        for (var i = 0; i < 5; i++)
        {
            using var client = new RawTftpClient();
            client.RequestRead(server.Endpoint, "f");
            Assert.Equal(1, (await client.ReceiveDataAsync()).Block);
            Assert.InRange(client.Transfer!.Port, range.First, range.Last);
            client.Ack(1);
        }

        await server.TransferLinesAsync(5);
    }

    [Fact]
    public async Task Malformed_datagrams_are_counted_and_dropped_and_the_server_keeps_serving()
    {
        await using var server = await TftpServerHarness.StartAsync();
        server.WriteFile("ok", [1, 2, 3]);
        using var client = new RawTftpClient();
        byte[][] corpus = [[], [0], [0, 1], [0, 1, (byte)'x'], [0, 9, 0, 0], [0, 1, 0, (byte)'o', 0], [0, 1, (byte)'a', 0, (byte)'o']];
        foreach (var datagram in corpus)
        {
            client.SendRaw(datagram, server.Endpoint);
        }

        client.RequestRead(server.Endpoint, "ok");
        Assert.Equal([1, 2, 3], (await client.ReceiveDataAsync()).Payload.ToArray());
        Assert.Equal(corpus.Length, server.Metrics.Total(MetricNames.TftpMalformed));
    }

    [Fact]
    public async Task Case_insensitive_lookup_serves_a_differently_cased_name_only_when_enabled()
    {
        await using var strict = await TftpServerHarness.StartAsync();
        strict.WriteFile("Boot/PXELinux.0", [7]);
        using var client = new RawTftpClient();
        client.RequestRead(strict.Endpoint, "boot/pxelinux.0");
        Assert.Equal(TftpErrorCode.FileNotFound, Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync()).Code);

        await using var lenient = await TftpServerHarness.StartAsync(files: root => new FileChain([new RootFileSource(root, caseInsensitive: true)]));
        lenient.WriteFile("Boot/PXELinux.0", [7]);
        using var client2 = new RawTftpClient();
        client2.RequestRead(lenient.Endpoint, "BOOT\\pxelinux.0");
        Assert.Equal([7], (await client2.ReceiveDataAsync()).Payload.ToArray());
    }

    [Fact]
    public async Task Unsupported_mode_is_refused_with_illegal_operation()
    {
        await using var server = await TftpServerHarness.StartAsync();
        server.WriteFile("f", [1]);
        using var client = new RawTftpClient();
        client.Send(new TftpRequestPacket(TftpOpcode.ReadRequest, "f", "mail", []), server.Endpoint);
        Assert.Equal(TftpErrorCode.IllegalOperation, Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync()).Code);
    }

    [Fact]
    public async Task A_repeated_request_from_a_client_that_heard_nothing_yet_does_not_start_a_second_transfer()
    {
        await using var server = await TftpServerHarness.StartAsync(time: new ManualTimeProvider());
        server.WriteFile("f", TftpServerHarness.RandomBytes(2000));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "f");
        client.RequestRead(server.Endpoint, "f");
        client.RequestRead(server.Endpoint, "missing");

        // Requests are handled in order: once "missing" is answered, both copies of "f" were seen.
        var replies = new[] { await client.ReceiveAsync(), await client.ReceiveAsync() };
        Assert.Single(replies.OfType<TftpDataPacket>());
        Assert.Single(replies.OfType<TftpErrorPacket>());
        Assert.Equal(2, server.Metrics.Total(MetricNames.TftpTransfersStarted));
        Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.DuplicateRequest));
    }

    [Fact]
    public async Task A_fifo_in_the_root_gets_an_error_packet_not_a_timeout()
    {
        await using var server = await TftpServerHarness.StartAsync();
        await ChildProgram.RunCheckedAsync("mkfifo", Path.Combine(server.Root, "pipe"));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "pipe");

        var error = Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync());
        Assert.Equal(TftpErrorCode.FileNotFound, error.Code);
        Assert.Contains("not a regular file: a named pipe (FIFO)", Assert.Single(await server.TransferLinesAsync(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_names_the_sources_it_was_looked_for_in()
    {
        await using var server = await TftpServerHarness.StartAsync(
            files: root => FileChain.Create(root, systemFiles: new Dictionary<string, string> { ["other.efi"] = "/nonexistent" }));
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "nope.efi");

        Assert.Equal(TftpErrorCode.FileNotFound, Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync()).Code);
        Assert.Contains(", system bootloaders", Assert.Single(await server.TransferLinesAsync(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_missing_from_the_root_comes_from_the_next_source_and_the_root_wins_when_it_has_one()
    {
        var system = Path.Combine(Directory.CreateTempSubdirectory("pxehost-system-").FullName, "undionly.kpxe");
        File.WriteAllBytes(system, [1, 2, 3]);
        try
        {
            await using var server = await TftpServerHarness.StartAsync(
                files: root => FileChain.Create(root, systemFiles: new Dictionary<string, string> { ["undionly.kpxe"] = system, ["ipxe.efi"] = system }));
            server.WriteFile("ipxe.efi", [9]);

            using var client = new RawTftpClient();
            client.RequestRead(server.Endpoint, "undionly.kpxe");
            Assert.Equal([1, 2, 3], (await client.ReceiveDataAsync()).Payload.ToArray());
            client.Ack(1);

            using var client2 = new RawTftpClient();
            client2.RequestRead(server.Endpoint, "ipxe.efi");
            Assert.Equal([9], (await client2.ReceiveDataAsync()).Payload.ToArray());
            client2.Ack(1);
            await server.TransferLinesAsync(2);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(system)!, recursive: true);
        }
    }
}
