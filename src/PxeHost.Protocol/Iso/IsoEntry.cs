namespace PxeHost.Protocol.Iso;

/// <summary>
/// One file, directory or link of an opened image, with the name the image's best naming gives
/// (Rock Ridge, Joliet, or ISO 9660 without ";1"). Paths are not stored (a deep tree of long names
/// would cost memory by the square); <see cref="Parent"/> leads back to the root.
/// </summary>
public sealed class IsoEntry
{
    private readonly List<IsoEntry>? _children;

    internal IsoEntry(string name, IsoEntryType type, IReadOnlyList<IsoExtent> extents, IsoEntry? parent)
    {
        Name = name;
        Type = type;
        Extents = extents;
        Parent = parent;
        Length = extents.Sum(e => e.Length);
        _children = type == IsoEntryType.Directory ? [] : null;
    }

    public string Name { get; }

    public IsoEntryType Type { get; }

    public bool IsDirectory => Type == IsoEntryType.Directory;

    /// <summary>The file's length (all its extents); a directory's extent length; 0 for a link.</summary>
    public long Length { get; }

    /// <summary>Where the bytes are, in order (more than one for a multi-extent file).</summary>
    public IReadOnlyList<IsoExtent> Extents { get; }

    /// <summary>The directory holding the entry; null for the root.</summary>
    public IsoEntry? Parent { get; }

    /// <summary>The POSIX mode from Rock Ridge PX, or null without Rock Ridge.</summary>
    public int? Mode { get; init; }

    /// <summary>The target of a Rock Ridge symbolic link, as the image spells it ("/" separated).</summary>
    public string? SymlinkTarget { get; init; }

    /// <summary>A directory's children, in the image's order; empty for a file.</summary>
    public IReadOnlyList<IsoEntry> Children => _children ?? (IReadOnlyList<IsoEntry>)[];

    /// <summary>The entry's path from the root, '/'-separated, without a leading '/'; "" for the root.</summary>
    public string Path => Parent is null ? string.Empty : Parent.Parent is null ? Name : $"{Parent.Path}/{Name}";

    internal void Add(IsoEntry child) => (_children ?? throw new InvalidOperationException($"{Name} is not a directory")).Add(child);

    /// <summary>
    /// Maps a byte of the file to the image: where <paramref name="offset"/> lies in the image and how
    /// many bytes from there belong to the same extent. False at or past the end of the file.
    /// </summary>
    public bool TryLocate(long offset, out long imageOffset, out long contiguous)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        foreach (var extent in Extents)
        {
            if (offset < extent.Length)
            {
                imageOffset = extent.Offset + offset;
                contiguous = extent.Length - offset;
                return true;
            }

            offset -= extent.Length;
        }

        imageOffset = 0;
        contiguous = 0;
        return false;
    }
}
