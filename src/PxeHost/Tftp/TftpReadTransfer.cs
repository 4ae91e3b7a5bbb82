using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// The sending side of a read transfer as a pure state machine: acknowledgments and timeouts in,
/// what to send out. Blocks are counted as absolute numbers so files past 65535 blocks roll the
/// 16-bit wire number over to 0 (as tftpd-hpa, curl and atftp expect) without ambiguity.
/// </summary>
/// <remarks>
/// Only an ACK that acknowledges new data moves the transfer on; a duplicate or stale ACK is ignored
/// and loss is repaired by the timeout alone, so a delayed ACK cannot double the traffic
/// (the Sorcerer's Apprentice bug, RFC 1123 §4.2.3.1). With a window (RFC 7440 §4), an ACK for a
/// block inside the window means the client saw a gap: the next window starts after that block.
/// </remarks>
public sealed class TftpReadTransfer
{
    private readonly int _maxRetries;
    private long _base = 1;
    private long _lastSent;
    private bool _awaitingOptionAck;
    private int _retries;

    public TftpReadTransfer(long fileLength, TftpTransferParameters parameters, int maxRetries)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(fileLength);
        BlockSize = parameters.BlockSize;
        WindowSize = parameters.WindowSize;
        FileLength = fileLength;
        _maxRetries = maxRetries;
        _awaitingOptionAck = parameters.HasOptionAck;

        // A file that is a multiple of the block size ends with an empty block (RFC 1350 §6).
        TotalBlocks = (fileLength / BlockSize) + 1;
    }

    public int BlockSize { get; }

    public int WindowSize { get; }

    public long FileLength { get; }

    public long TotalBlocks { get; }

    /// <summary>True while the OACK is sent and ACK 0 has not come.</summary>
    public bool AwaitingOptionAck => _awaitingOptionAck;

    /// <summary>Blocks the client has acknowledged.</summary>
    public long AcknowledgedBlocks => _base - 1;

    public int Retransmits { get; private set; }

    /// <summary>True once the last allowed retransmission has been made.</summary>
    public bool OnLastRetry => _retries == _maxRetries;

    public bool IsComplete => _base > TotalBlocks;

    public TftpTransferStep Start() =>
        _awaitingOptionAck ? new TftpTransferStep(TftpTransferStepKind.SendOptionAck) : SendWindow(retransmit: false);

    public TftpTransferStep OnAck(ushort wireBlock)
    {
        if (IsComplete)
        {
            return TftpTransferStep.Completed;
        }

        if (_awaitingOptionAck)
        {
            // ACK 0 acknowledges the OACK (RFC 2347 §2); anything else is noise until it comes.
            if (wireBlock != 0)
            {
                return TftpTransferStep.Wait;
            }

            _awaitingOptionAck = false;
            _retries = 0;
            return SendWindow(retransmit: false);
        }

        // Map the 16-bit number onto the newest absolute block it can name.
        var acked = _lastSent - (ushort)((ushort)_lastSent - wireBlock);
        if (acked < _base)
        {
            return TftpTransferStep.Wait;
        }

        _base = acked + 1;
        _retries = 0;
        return IsComplete ? TftpTransferStep.Completed : SendWindow(retransmit: false);
    }

    public TftpTransferStep OnTimeout()
    {
        if (IsComplete)
        {
            return TftpTransferStep.Completed;
        }

        if (++_retries > _maxRetries)
        {
            return TftpTransferStep.GaveUp;
        }

        Retransmits++;
        return _awaitingOptionAck
            ? new TftpTransferStep(TftpTransferStepKind.SendOptionAck, IsRetransmit: true)
            : SendWindow(retransmit: true);
    }

    /// <summary>The byte offset and length of an absolute block in the file.</summary>
    public (long Offset, int Length) GetBlockRange(long block)
    {
        var offset = (block - 1) * BlockSize;
        return (offset, (int)Math.Min(BlockSize, FileLength - offset));
    }

    private TftpTransferStep SendWindow(bool retransmit)
    {
        var count = (int)Math.Min(WindowSize, TotalBlocks - _base + 1);
        _lastSent = _base + count - 1;
        return new TftpTransferStep(TftpTransferStepKind.SendBlocks, _base, count, retransmit);
    }
}
