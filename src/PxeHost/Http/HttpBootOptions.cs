using System.Net;

namespace PxeHost.Http;

/// <summary>What the HTTP side serves: the TFTP tree at the same paths, system bootloaders, iPXE scripts, quick mode's files.</summary>
public sealed record HttpBootOptions
{
    public int Port { get; init; } = 80;

    /// <summary>Addresses Kestrel listens on; the configured interfaces' addresses, never all by default.</summary>
    public required IReadOnlyList<IPAddress> ListenAddresses { get; init; }

    public string? Root { get; init; }

    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>();

    public bool CaseInsensitive { get; init; }

    /// <summary>The boot plan's published and rendered files.</summary>
    public Boot.IBootFiles? BootFiles { get; init; }
}
