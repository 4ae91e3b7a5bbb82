using System.Net;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>How the TFTP service listens and sends. Validated by <see cref="TftpServerOptionsValidator"/>.</summary>
public sealed record TftpServerOptions
{
    /// <summary>The folder served; null serves only <see cref="ExtraFiles"/>.</summary>
    public string? Root { get; init; }

    /// <summary>The boot plan's files (published and rendered per client), after the root and <see cref="ExtraFiles"/>.</summary>
    public Boot.IBootFiles? BootFiles { get; init; }

    /// <summary>Files served by name when the root lacks them: bootloaders found on the system.</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();

    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    public int Port { get; init; } = 69;

    /// <summary>Ports transfers are sent from; null lets the kernel choose.</summary>
    public TftpPortRange? PortRange { get; init; }

    /// <summary>Match names case-insensitively when the exact name does not exist (Windows-style clients).</summary>
    public bool CaseInsensitive { get; init; }

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
