namespace PxeHost.Protocol.Tftp;

/// <summary>What a read transfer runs with once options are negotiated.</summary>
/// <param name="BlockSize">Payload bytes per DATA packet; 512 unless blksize was negotiated.</param>
/// <param name="WindowSize">DATA packets per window; 1 is RFC 1350 lockstep.</param>
/// <param name="TimeoutSeconds">The client's timeout option, when it sent one.</param>
/// <param name="AcceptedOptions">The OACK's content, in the client's order; empty means no OACK is sent.</param>
public sealed record TftpTransferParameters(
    int BlockSize,
    int WindowSize,
    int? TimeoutSeconds,
    IReadOnlyList<TftpOption> AcceptedOptions)
{
    public const int DefaultBlockSize = 512;

    public bool HasOptionAck => AcceptedOptions.Count > 0;

    public bool RequestedTransferSize => AcceptedOptions.Any(o => o.Name == TftpOptionNames.TransferSize);
}
