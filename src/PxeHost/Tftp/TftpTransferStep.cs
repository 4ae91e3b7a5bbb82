namespace PxeHost.Tftp;

/// <summary>What the socket loop does next for a read transfer.</summary>
public enum TftpTransferStepKind
{
    /// <summary>Nothing to send; keep waiting for the same deadline.</summary>
    Wait,

    /// <summary>Send (or resend) the OACK.</summary>
    SendOptionAck,

    /// <summary>Send <see cref="TftpTransferStep.Count"/> blocks from <see cref="TftpTransferStep.FirstBlock"/>.</summary>
    SendBlocks,

    /// <summary>The last block was acknowledged.</summary>
    Completed,

    /// <summary>The retry limit was reached.</summary>
    GaveUp,
}

/// <summary>A decision of <see cref="TftpReadTransfer"/>. Blocks are absolute (1-based, never rolling over).</summary>
public readonly record struct TftpTransferStep(TftpTransferStepKind Kind, long FirstBlock = 0, int Count = 0, bool IsRetransmit = false)
{
    public static TftpTransferStep Wait { get; } = new(TftpTransferStepKind.Wait);

    public static TftpTransferStep Completed { get; } = new(TftpTransferStepKind.Completed);

    public static TftpTransferStep GaveUp { get; } = new(TftpTransferStepKind.GaveUp);
}
