namespace PxeHost.Boot.Plan;

/// <summary>
/// An entry ready to render for one client: the profile, with every file reference turned into
/// what the loader fetches (URL or TFTP path) and the command line's variables filled in.
/// </summary>
public sealed record ResolvedEntry(string Id, string Title, ProfileKind Kind)
{
    /// <summary>Kernel as the loader fetches it: an http URL (iPXE, GRUB over HTTP) or a TFTP path.</summary>
    public string? Kernel { get; init; }

    /// <summary>Initrds as the loader fetches them, in order.</summary>
    public IReadOnlyList<string> Initrds { get; init; } = [];

    /// <summary>The file name each initrd is known by (what <c>initrd=NAME</c> on UEFI refers to).</summary>
    public IReadOnlyList<string> InitrdNames { get; init; } = [];

    public string CommandLine { get; init; } = string.Empty;

    public string? ChainTarget { get; init; }
}
