namespace PxeHost.Events;

/// <summary>A TFTP request was taken: a transfer (or its refusal) begins.</summary>
public sealed record TftpTransferStarted : TftpTransferEvent
{
    /// <summary>The transfer mode asked for (octet, netascii).</summary>
    public required string Mode { get; init; }

    /// <summary>The options the client asked for (RFC 2347), as <c>name=value</c>; empty for none.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];
}
