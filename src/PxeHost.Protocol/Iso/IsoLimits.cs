namespace PxeHost.Protocol.Iso;

/// <summary>
/// How much of an image the reader walks before it refuses it as hostile. The defaults admit a
/// dual-layer DVD with hundreds of thousands of files; each bound keeps a crafted image from costing
/// unbounded time or memory.
/// </summary>
public sealed record IsoLimits
{
    public static IsoLimits Default { get; } = new();

    /// <summary>Nesting below the root (Rock Ridge allows more than ISO 9660's 8).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Files, directories and links in the whole tree.</summary>
    public int MaxEntries { get; init; } = 500_000;

    /// <summary>Bytes of one directory's extent (a directory of 10,000 Rock Ridge entries is about 2 MB).</summary>
    public long MaxDirectoryBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Rock Ridge continuation areas (SUSP CE) followed for one directory record.</summary>
    public int MaxContinuationAreas { get; init; } = 16;

    /// <summary>Bytes of system use data (its own area and its continuation areas) of one directory record.</summary>
    public int MaxSystemUseBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Bytes of one Rock Ridge name, characters of any other (NAME_MAX, as Linux allows; NM can be
    /// assembled from many pieces, so without a bound a name could take all its continuation areas).
    /// </summary>
    public int MaxNameLength { get; init; } = 255;

    /// <summary>Volume descriptors read from sector 16 before the set terminator must appear.</summary>
    public int MaxVolumeDescriptors { get; init; } = 64;

    /// <summary>Extents of one multi-extent file (each at most 4 GiB).</summary>
    public int MaxExtentsPerFile { get; init; } = 1024;

    /// <summary>Entries of the El Torito boot catalog (32 bytes each).</summary>
    public int MaxBootCatalogEntries { get; init; } = 256;
}
