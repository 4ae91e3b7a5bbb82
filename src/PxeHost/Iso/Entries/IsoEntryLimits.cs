namespace PxeHost.Iso.Entries;

/// <summary>
/// Bounds on reading an image's boot configuration: the text comes from the image, so a hostile or
/// broken image must not make the finder read a huge file, follow an include chain forever or return
/// an unbounded list.
/// </summary>
public sealed record IsoEntryLimits
{
    public static IsoEntryLimits Default { get; } = new();

    /// <summary>A configuration file longer than this is not read (real ones are a few KiB).</summary>
    public int MaxConfigBytes { get; init; } = 256 * 1024;

    /// <summary>How deep INCLUDE/CONFIG (isolinux) and source/configfile (GRUB) may nest.</summary>
    public int MaxIncludeDepth { get; init; } = 8;

    /// <summary>How many configuration files one scan reads at most.</summary>
    public int MaxFilesRead { get; init; } = 64;

    /// <summary>How many entries one scan returns at most (after merging).</summary>
    public int MaxEntries { get; init; } = 128;
}
