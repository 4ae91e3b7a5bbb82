namespace PxeHost.Events;

/// <summary>A transfer moves on: bytes acknowledged so far. Throttled (<see cref="ProgressThrottle"/>).</summary>
public sealed record TftpTransferProgress : TftpTransferEvent
{
    public required long Bytes { get; init; }

    public required long Size { get; init; }
}
