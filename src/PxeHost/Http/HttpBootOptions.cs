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

    /// <summary>How long the boot API (API mode) may take before the configured plan is used instead.</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The boot plan's published and rendered files.</summary>
    public Boot.IBootFiles? BootFiles { get; init; }
}
