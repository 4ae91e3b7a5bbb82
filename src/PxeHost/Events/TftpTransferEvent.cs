namespace PxeHost.Events;

/// <summary>What every event of one TFTP transfer says: the file, and the client's port, which with its address names the transfer.</summary>
public abstract record TftpTransferEvent : BootEvent
{
    public required string File { get; init; }

    /// <summary>The client's transfer id (its UDP port, RFC 1350 §4).</summary>
    public required int ClientPort { get; init; }
}
