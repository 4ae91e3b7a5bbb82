using PxeHost.Tftp;

namespace PxeHost.Events;

/// <summary>A TFTP transfer ended: how, how far it got, and why.</summary>
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
