using System.Net;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// How the TFTP service listens and sends. Validated by <see cref="TftpServerOptionsValidator"/>.
/// What it serves is the <see cref="Files.FileChain"/> the server is given.
/// </summary>
public sealed record TftpServerOptions
{
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    public int Port { get; init; } = 69;

    /// <summary>Ports transfers are sent from; null lets the kernel choose.</summary>
    public TftpPortRange? PortRange { get; init; }

    public TftpNegotiationLimits Limits { get; init; } = TftpNegotiationLimits.Default;

    /// <summary>Retransmissions of one packet before the transfer is abandoned.</summary>
    public int MaxRetries { get; init; } = 7;

    /// <summary>The retransmit timeout before any round trip has been measured.</summary>
    public TimeSpan InitialTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The floor of the adaptive retransmit timeout. A LAN round trip is well under a millisecond and
    /// lockstep clients wait silently for a lost block, so each loss costs about this much.
    /// </summary>
    public TimeSpan MinTimeout { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The ceiling of the backed-off timeout when the client sent no timeout option.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxConcurrentTransfers { get; init; } = 4096;

    /// <summary>Bytes of file content kept in memory and shared by concurrent transfers.</summary>
    public long CacheBudgetBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Larger files are read from disk per block instead of cached whole.</summary>
    public long MaxCachedFileBytes { get; init; } = 128L * 1024 * 1024;
}
