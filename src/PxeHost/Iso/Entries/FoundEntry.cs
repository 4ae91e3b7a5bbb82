namespace PxeHost.Iso.Entries;

/// <summary>
/// One entry as a configuration reader found it, before families: paths already resolved to the
/// image's spelling, arguments as written (initrd= words moved to <see cref="Initrds"/>).
/// </summary>
internal sealed record FoundEntry(string Title, string Kernel, IReadOnlyList<string> Initrds, string Arguments, string Origin)
{
    /// <summary>Why a person should look twice (e.g. found inside a GRUB if block).</summary>
    public string Note { get; init; } = string.Empty;
}
