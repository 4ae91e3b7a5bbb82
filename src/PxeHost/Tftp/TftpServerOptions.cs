using System.Net;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// How the TFTP service listens and sends. Validated by <see cref="TftpServerOptionsValidator"/>.
/// What it serves is the <see cref="Files.FileChain"/> the server is given.
/// </summary>
public sealed record TftpServerOptions
{
    /// <summary>
    /// The addresses TFTP listens on, one socket each, all on <see cref="Port"/>: the interfaces'
    /// addresses, as HTTP binds them, so a host with other networks does not answer on them.
    /// <see cref="IPAddress.Any"/> alone listens everywhere.
    /// </summary>
    public IReadOnlyList<IPAddress> ListenAddresses { get; init; } = [IPAddress.Any];

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

    /// <summary>
    /// Transfers one client address may have under way; further requests get a busy error. A booting
    /// machine fetches a few files at once at most (a UEFI tsize probe, then the file), so one address
    /// cannot take the whole <see cref="MaxConcurrentTransfers"/>.
    /// </summary>
    public int MaxTransfersPerClient { get; init; } = 8;

    /// <summary>
    /// How long a transfer retransmits its first packet (the OACK or block 1) without any ACK before it
    /// is abandoned, whatever timeout the client negotiated. Firmware answers within milliseconds; a
    /// request that never acknowledges (a flood, a spoofed source) must not hold a transfer slot for
    /// the minutes a "timeout 255" option and the retry count would allow. With the 500 ms initial
    /// timeout, 5 s leaves room for three retransmissions (at 0.5, 1.5 and 3.5 s).
    /// </summary>
    public TimeSpan FirstAckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The kernel receive buffer of each listening socket. The kernel's default (about 200 KiB) lost
    /// most of a 1,000 requests per second burst; as root the size is forced past net.core.rmem_max.
    /// </summary>
    public int ReceiveBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Bytes of file content kept in memory and shared by concurrent transfers.</summary>
    public long CacheBudgetBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Larger files are read from disk per block instead of cached whole.</summary>
    public long MaxCachedFileBytes { get; init; } = 128L * 1024 * 1024;
}
