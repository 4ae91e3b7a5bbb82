using PxeHost.Tftp;

namespace PxeHost.Events;

/// <summary>
/// A TFTP transfer ended: how, how far it got, and why. Its <see cref="BootEvent.Packets"/> sum the transfer
/// up (the request itself is on <see cref="TftpTransferStarted"/>): the OACK, an ERROR either way, the first
/// DATA and the first ACK, the last DATA and the final ACK; never the blocks between nor a retransmission.
/// </summary>
public sealed record TftpTransferEnded : TftpTransferEvent
{
    public required TftpTransferOutcome Outcome { get; init; }

    /// <summary>File bytes the client acknowledged.</summary>
    public long Bytes { get; init; }

    /// <summary>The file's size; null when it was never opened (refused).</summary>
    public long? Size { get; init; }

    public int BlockSize { get; init; }

    public int WindowSize { get; init; }

    public int Retransmits { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Why it ended so, for outcomes other than a plain completion; empty otherwise.</summary>
    public string Reason { get; init; } = string.Empty;
}
