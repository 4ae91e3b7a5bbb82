using PxeHost.Protocol.Tftp;
using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>The sending side of a read transfer as a pure state machine: ACKs and timeouts in, steps out.</summary>
public sealed class TftpReadTransferTests
{
    private const int MaxRetries = 3;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(511, 1)]
    [InlineData(512, 2)]
    [InlineData(513, 2)]
    [InlineData(1024, 3)]
    [InlineData(1300, 3)]
    public void Total_blocks_count_the_trailing_short_block(long fileLength, long expectedBlocks)
    {
        Assert.Equal(expectedBlocks, Create(fileLength).TotalBlocks);
    }

    [Fact]
    public void Empty_file_is_one_empty_block()
    {
        var transfer = Create(0);
        Assert.Equal(1, transfer.TotalBlocks);
        Assert.Equal(Send(1, 1), transfer.Start());
        Assert.Equal((0L, 0), transfer.GetBlockRange(1));
        Assert.False(transfer.IsComplete);

        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck(1));
        Assert.True(transfer.IsComplete);
        Assert.Equal(1, transfer.AcknowledgedBlocks);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void File_of_whole_blocks_ends_with_an_empty_block(int wholeBlocks)
    {
        var transfer = Create(wholeBlocks * 512L);
        Assert.Equal(wholeBlocks + 1, transfer.TotalBlocks);
        Assert.Equal(((long)wholeBlocks * 512, 0), transfer.GetBlockRange(wholeBlocks + 1));
        Assert.Equal((((long)wholeBlocks - 1) * 512, 512), transfer.GetBlockRange(wholeBlocks));

        transfer.Start();
        for (var block = 1; block <= wholeBlocks; block++)
        {
            Assert.Equal(Send(block + 1, 1), transfer.OnAck((ushort)block));
        }

        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck((ushort)(wholeBlocks + 1)));
    }

    [Fact]
    public void Lockstep_sends_one_block_per_ack_until_the_last()
    {
        var transfer = Create(1300);
        Assert.False(transfer.AwaitingOptionAck);
        Assert.Equal(Send(1, 1), transfer.Start());
        Assert.Equal(0, transfer.AcknowledgedBlocks);
        Assert.Equal(Send(2, 1), transfer.OnAck(1));
        Assert.Equal(1, transfer.AcknowledgedBlocks);
        Assert.Equal(Send(3, 1), transfer.OnAck(2));
        Assert.False(transfer.IsComplete);
        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck(3));
        Assert.True(transfer.IsComplete);
        Assert.Equal(3, transfer.AcknowledgedBlocks);
        Assert.Equal(0, transfer.Retransmits);
    }

    [Fact]
    public void Option_ack_is_sent_first_and_ack_0_starts_the_data()
    {
        var transfer = Create(1300, withOptionAck: true);
        Assert.True(transfer.AwaitingOptionAck);
        Assert.Equal(new TftpTransferStep(TftpTransferStepKind.SendOptionAck), transfer.Start());

        // Anything but ACK 0 is noise until the OACK is acknowledged.
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(1));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(3));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(ushort.MaxValue));
        Assert.True(transfer.AwaitingOptionAck);
        Assert.Equal(0, transfer.AcknowledgedBlocks);

        Assert.Equal(Send(1, 1), transfer.OnAck(0));
        Assert.False(transfer.AwaitingOptionAck);

        // A duplicate ACK 0 once data flows is stale.
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(0));
        Assert.Equal(Send(2, 1), transfer.OnAck(1));
    }

    [Fact]
    public void Timeout_while_awaiting_the_option_ack_resends_it()
    {
        var transfer = Create(100, withOptionAck: true);
        transfer.Start();
        Assert.Equal(new TftpTransferStep(TftpTransferStepKind.SendOptionAck, IsRetransmit: true), transfer.OnTimeout());
        Assert.Equal(new TftpTransferStep(TftpTransferStepKind.SendOptionAck, IsRetransmit: true), transfer.OnTimeout());
        Assert.Equal(2, transfer.Retransmits);
        Assert.True(transfer.AwaitingOptionAck);
        Assert.Equal(Send(1, 1), transfer.OnAck(0));
    }

    [Fact]
    public void Duplicate_ack_is_ignored_without_a_resend()
    {
        // Sorcerer's Apprentice (RFC 1123 §4.2.3.1): a delayed duplicate ACK must not trigger a resend.
        var transfer = Create(5000);
        transfer.Start();
        Assert.Equal(Send(2, 1), transfer.OnAck(1));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(1));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(1));
        Assert.Equal(1, transfer.AcknowledgedBlocks);
        Assert.Equal(Send(3, 1), transfer.OnAck(2));
        Assert.Equal(0, transfer.Retransmits);
    }

    [Fact]
    public void Stale_ack_is_ignored()
    {
        var transfer = Create(5000);
        transfer.Start();
        transfer.OnAck(1);
        transfer.OnAck(2);
        Assert.Equal(Send(4, 1), transfer.OnAck(3));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(1));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(2));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(0));
        Assert.Equal(3, transfer.AcknowledgedBlocks);
    }

    [Fact]
    public void Ack_for_a_block_not_yet_sent_is_ignored()
    {
        var transfer = Create(5000);
        transfer.Start();
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(5));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(9));
        Assert.Equal(0, transfer.AcknowledgedBlocks);
        Assert.Equal(Send(2, 1), transfer.OnAck(1));
    }

    [Fact]
    public void Window_of_4_sends_the_next_window_on_an_ack_of_its_end()
    {
        var transfer = Create(5000, windowSize: 4); // 10 blocks
        Assert.Equal(10, transfer.TotalBlocks);
        Assert.Equal(Send(1, 4), transfer.Start());
        Assert.Equal(Send(5, 4), transfer.OnAck(4));
        Assert.Equal(Send(9, 2), transfer.OnAck(8));
        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck(10));
        Assert.Equal(10, transfer.AcknowledgedBlocks);
    }

    [Fact]
    public void Ack_inside_the_window_restarts_it_after_the_acked_block()
    {
        // RFC 7440 §4: the client saw a gap after block 2; it wants 3 onwards.
        var transfer = Create(5000, windowSize: 4);
        transfer.Start();
        Assert.Equal(Send(3, 4), transfer.OnAck(2));
        Assert.Equal(2, transfer.AcknowledgedBlocks);

        // The rest of the old window's ACKs are now stale or inside the new window.
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(2));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(1));
        Assert.Equal(Send(5, 4), transfer.OnAck(4));
        Assert.Equal(Send(9, 2), transfer.OnAck(8));
        Assert.Equal(Send(10, 1), transfer.OnAck(9));
        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck(10));
    }

    [Fact]
    public void Duplicate_ack_of_a_window_end_is_ignored()
    {
        var transfer = Create(5000, windowSize: 4);
        transfer.Start();
        Assert.Equal(Send(5, 4), transfer.OnAck(4));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(4));
        Assert.Equal(0, transfer.Retransmits);
    }

    [Fact]
    public void Timeout_resends_the_whole_current_window()
    {
        var transfer = Create(5000, windowSize: 4);
        transfer.Start();
        Assert.Equal(Send(1, 4, retransmit: true), transfer.OnTimeout());
        transfer.OnAck(4);
        Assert.Equal(Send(5, 4, retransmit: true), transfer.OnTimeout());
        Assert.Equal(2, transfer.Retransmits);
    }

    [Fact]
    public void Reaching_the_retry_limit_gives_up()
    {
        var transfer = Create(5000);
        transfer.Start();
        for (var i = 0; i < MaxRetries; i++)
        {
            Assert.Equal(Send(1, 1, retransmit: true), transfer.OnTimeout());
        }

        Assert.Equal(TftpTransferStep.GaveUp, transfer.OnTimeout());
        Assert.Equal(MaxRetries, transfer.Retransmits);
    }

    [Fact]
    public void Retry_limit_of_zero_gives_up_on_the_first_timeout()
    {
        var transfer = new TftpReadTransfer(100, Parameters(), maxRetries: 0);
        transfer.Start();
        Assert.Equal(TftpTransferStep.GaveUp, transfer.OnTimeout());
    }

    [Fact]
    public void Waiting_for_the_option_ack_also_gives_up_at_the_limit()
    {
        var transfer = Create(100, withOptionAck: true);
        transfer.Start();
        for (var i = 0; i < MaxRetries; i++)
        {
            Assert.Equal(TftpTransferStepKind.SendOptionAck, transfer.OnTimeout().Kind);
        }

        Assert.Equal(TftpTransferStep.GaveUp, transfer.OnTimeout());
    }

    [Fact]
    public void Retries_reset_after_progress()
    {
        var transfer = Create(5000, withOptionAck: true);
        transfer.Start();
        for (var i = 0; i < MaxRetries; i++)
        {
            transfer.OnTimeout();
        }

        Assert.Equal(Send(1, 1), transfer.OnAck(0));
        for (var i = 0; i < MaxRetries; i++)
        {
            Assert.Equal(Send(1, 1, retransmit: true), transfer.OnTimeout());
        }

        Assert.Equal(Send(2, 1), transfer.OnAck(1));
        for (var i = 0; i < MaxRetries; i++)
        {
            Assert.Equal(Send(2, 1, retransmit: true), transfer.OnTimeout());
        }

        // A stale ACK is not progress: it does not reset the count.
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(1));
        Assert.Equal(TftpTransferStep.GaveUp, transfer.OnTimeout());
        Assert.Equal(3 * MaxRetries, transfer.Retransmits);
    }

    [Fact]
    public void A_completed_transfer_stays_completed()
    {
        var transfer = Create(10);
        transfer.Start();
        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck(1));
        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck(1));
        Assert.Equal(TftpTransferStep.Completed, transfer.OnTimeout());
        Assert.Equal(0, transfer.Retransmits);
    }

    [Fact]
    public void Block_numbers_roll_over_in_lockstep_through_70000_blocks()
    {
        const long totalBlocks = 70_000;
        var transfer = Create(((totalBlocks - 1) * 512) + 100);
        Assert.Equal(totalBlocks, transfer.TotalBlocks);

        Assert.Equal(Send(1, 1), transfer.Start());
        for (long acked = 1; acked < totalBlocks; acked++)
        {
            var step = transfer.OnAck((ushort)acked);
            if (step != Send(acked + 1, 1))
            {
                Assert.Fail($"after ACK of block {acked} (wire {(ushort)acked}) expected block {acked + 1}, got {step}");
            }

            Assert.False(transfer.IsComplete);
        }

        Assert.Equal(TftpTransferStep.Completed, transfer.OnAck(unchecked((ushort)totalBlocks)));
        Assert.True(transfer.IsComplete);
        Assert.Equal(totalBlocks, transfer.AcknowledgedBlocks);
        Assert.Equal(((totalBlocks - 1) * 512, 100), transfer.GetBlockRange(totalBlocks));
    }

    [Theory]
    [InlineData(70_000)] // a whole number of windows
    [InlineData(70_005)] // a short last window
    public void Block_numbers_roll_over_with_a_window_of_16(long totalBlocks)
    {
        var transfer = Create((totalBlocks - 1) * 512, windowSize: 16);
        Assert.Equal(totalBlocks, transfer.TotalBlocks);

        var step = transfer.Start();
        long expectedFirst = 1;
        var windows = 0;
        while (true)
        {
            var expectedCount = (int)Math.Min(16, totalBlocks - expectedFirst + 1);
            if (step != Send(expectedFirst, expectedCount))
            {
                Assert.Fail($"window {windows}: expected {expectedCount} blocks from {expectedFirst}, got {step}");
            }

            windows++;
            var windowEnd = expectedFirst + expectedCount - 1;
            step = transfer.OnAck(unchecked((ushort)windowEnd));
            if (windowEnd == totalBlocks)
            {
                break;
            }

            expectedFirst = windowEnd + 1;
        }

        Assert.Equal(TftpTransferStep.Completed, step);
        Assert.Equal((totalBlocks + 15) / 16, windows);
        Assert.True(transfer.IsComplete);
    }

    [Fact]
    public void Gap_and_stale_acks_are_read_correctly_across_the_rollover()
    {
        var transfer = Create(70_000L * 512, windowSize: 16);
        var step = transfer.Start();
        while (step.FirstBlock != 65_521)
        {
            step = transfer.OnAck(unchecked((ushort)(step.FirstBlock + step.Count - 1)));
        }

        // Window 65521..65536 (wire 65521..65535, 0); the client lost 65531 onwards.
        Assert.Equal(Send(65_531, 16), transfer.OnAck(65_530));

        // Window 65531..65546 straddles the wrap; wire 3 is block 65539.
        Assert.Equal(Send(65_540, 16), transfer.OnAck(3));
        Assert.Equal(65_539, transfer.AcknowledgedBlocks);

        // Wire 65533 now names the already acknowledged block 65533; wire 3 is a duplicate.
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(65_533));
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(3));

        // Wire 0 after the wrap names block 65536, also already acknowledged.
        Assert.Equal(TftpTransferStep.Wait, transfer.OnAck(0));
        Assert.Equal(Send(65_556, 16), transfer.OnAck(65_555 - 65_536));
    }

    [Fact]
    public void GetBlockRange_maps_absolute_blocks_to_file_bytes()
    {
        var transfer = Create(1300);
        Assert.Equal((0L, 512), transfer.GetBlockRange(1));
        Assert.Equal((512L, 512), transfer.GetBlockRange(2));
        Assert.Equal((1024L, 276), transfer.GetBlockRange(3));

        var large = new TftpReadTransfer(5_000_000_000, Parameters(blockSize: 65464), MaxRetries);
        Assert.Equal(76_378, large.TotalBlocks);
        Assert.Equal((70_000L * 65464, 65464), large.GetBlockRange(70_001));
        Assert.Equal((76_377L * 65464, (int)(5_000_000_000 - (76_377L * 65464))), large.GetBlockRange(76_378));
    }

    [Fact]
    public void Negotiated_block_and_window_sizes_are_used()
    {
        var transfer = new TftpReadTransfer(10_000, Parameters(blockSize: 1432, windowSize: 8), MaxRetries);
        Assert.Equal(1432, transfer.BlockSize);
        Assert.Equal(8, transfer.WindowSize);
        Assert.Equal(10_000, transfer.FileLength);
        Assert.Equal(7, transfer.TotalBlocks);
        Assert.Equal(Send(1, 7), transfer.Start());
        Assert.Equal((8592L, 1408), transfer.GetBlockRange(7));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TftpReadTransfer(-1, Parameters(), MaxRetries));
        Assert.Throws<ArgumentNullException>(() => new TftpReadTransfer(0, null!, MaxRetries));
    }

    private static TftpTransferStep Send(long first, int count, bool retransmit = false) =>
        new(TftpTransferStepKind.SendBlocks, first, count, retransmit);

    private static TftpReadTransfer Create(long fileLength, int windowSize = 1, bool withOptionAck = false) =>
        new(fileLength, Parameters(windowSize: windowSize, withOptionAck: withOptionAck), MaxRetries);

    private static TftpTransferParameters Parameters(int blockSize = 512, int windowSize = 1, bool withOptionAck = false) =>
        new(blockSize, windowSize, null, withOptionAck ? [new TftpOption(TftpOptionNames.BlockSize, "512")] : []);
}
