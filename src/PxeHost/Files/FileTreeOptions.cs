namespace PxeHost.Files;

/// <summary>What TFTP and HTTP serve besides the boot policy's own files: the root folder and the bootloaders found on the system.</summary>
public sealed record FileTreeOptions
{
    /// <summary>The folder served; null serves only the system's bootloaders and the policy's files.</summary>
    public string? Root { get; init; }

    /// <summary>Match names case-insensitively when the exact name does not exist (Windows-style clients).</summary>
    public bool CaseInsensitive { get; init; }

    /// <summary>Served name → path: bootloaders found on the system (and GRUB netboot images built for it).</summary>
    public IReadOnlyDictionary<string, string> SystemFiles { get; init; } = new Dictionary<string, string>();
}
