using PxeHost.Protocol.Tftp;

namespace PxeHost.Events;

/// <summary>A TFTP request was taken: a transfer (or its refusal) begins.</summary>
public sealed record TftpTransferStarted : TftpTransferEvent
{
    /// <summary>The transfer mode asked for (octet, netascii).</summary>
    public required string Mode { get; init; }

    /// <summary>The options the client asked for (RFC 2347: blksize, tsize, windowsize …).</summary>
    public IReadOnlyList<TftpOption> Options { get; init; } = [];
}
