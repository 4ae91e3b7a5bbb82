using System.Net;

namespace PxeHost.Http;

/// <summary>
/// How the HTTP side listens. What it serves at <c>/{path}</c> is the <see cref="Files.FileChain"/> it is
/// given (the one TFTP serves); iPXE scripts and quick mode's files come from the boot planner.
/// </summary>
public sealed record HttpBootOptions
{
    public int Port { get; init; } = 80;

    /// <summary>Addresses Kestrel listens on; the configured interfaces' addresses, never all by default.</summary>
    public required IReadOnlyList<IPAddress> ListenAddresses { get; init; }

    /// <summary>The API's admin token, read from this file; null: made at first start and kept in the data folder.</summary>
    public string? AdminTokenFile { get; init; }

}
