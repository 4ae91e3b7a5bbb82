namespace PxeHost.Protocol.Iso;

/// <summary>
/// An opened ISO 9660 image: its label, its whole tree (walked once at open, within
/// <see cref="IsoLimits"/>) and its El Torito boot entries. Names come from Rock Ridge when the image
/// has it, else Joliet, else ISO 9660. Opening a corrupt or hostile image throws
/// <see cref="IsoFormatException"/> with the reason and where; once open, the tree is immutable and
/// reads through it are safe from several threads (as safe as the medium's reads).
/// </summary>
public sealed class IsoVolume
{
    public const int BlockSize = 2048;

    private const int MaxLinkHops = 16;

    private IsoVolume(IIsoMedium medium, string label, IsoNameSource names, IsoEntry root, IReadOnlyList<ElToritoBootEntry> boot, string? bootProblem)
    {
        Medium = medium;
        Label = label;
        Names = names;
        Root = root;
        BootEntries = boot;
        BootCatalogProblem = bootProblem;
    }

    public IIsoMedium Medium { get; }

    /// <summary>The primary volume descriptor's volume identifier, trailing spaces removed.</summary>
    public string Label { get; }

    public IsoNameSource Names { get; }

    public IsoEntry Root { get; }

    /// <summary>The El Torito catalog's boot images, initial entry first; empty without a (valid) catalog.</summary>
    public IReadOnlyList<ElToritoBootEntry> BootEntries { get; }

    /// <summary>Why an El Torito catalog the image announces was dropped, or null.</summary>
    public string? BootCatalogProblem { get; }

    /// <summary>Reads the volume descriptors, the boot catalog and the whole tree.</summary>
    /// <exception cref="IsoFormatException">The image is corrupt, truncated, hostile or beyond the limits.</exception>
    public static IsoVolume Open(IIsoMedium medium, IsoLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(medium);
        limits ??= IsoLimits.Default;
        var start = (long)(VolumeDescriptors.FirstSector + 1) * BlockSize;
        if (medium.Length < start)
        {
            throw new IsoFormatException($"the image is {medium.Length} bytes, too short to hold the volume descriptors that start at block {VolumeDescriptors.FirstSector}", medium.Length);
        }

        var descriptors = VolumeDescriptors.Read(medium, limits);
        if (descriptors.VolumeBlocks * BlockSize > medium.Length)
        {
            throw new IsoFormatException($"the image is truncated: the volume is {descriptors.VolumeBlocks} blocks ({descriptors.VolumeBlocks * BlockSize} bytes) but the image holds {medium.Length} bytes", medium.Length);
        }

        var (boot, problem) = descriptors.BootCatalogBlock is { } block ? ElToritoCatalog.Read(medium, block, limits) : ([], null);
        var skip = RockRidgeSkip(medium, descriptors.PrimaryRoot);
        var (names, root) = skip is not null ? (IsoNameSource.RockRidge, descriptors.PrimaryRoot)
            : descriptors.JolietRoot is { } joliet ? (IsoNameSource.Joliet, joliet)
            : (IsoNameSource.Iso9660, descriptors.PrimaryRoot);
        var reader = skip is { } bytes ? new SystemUseReader(medium, limits, bytes) : null;
        var walker = new TreeWalker(medium, limits, names, reader, boot.Select(e => (long)e.LoadRba * BlockSize));
        var tree = walker.Walk(root);
        boot = [.. boot.Select(e => e with { ImagePath = walker.BootImages.GetValueOrDefault((long)e.LoadRba * BlockSize) })];
        return new IsoVolume(medium, descriptors.Label, names, tree, boot, problem);
    }

    /// <summary>
    /// The node at <paramref name="path"/> ('/'-separated, from the root; "" is the root), matching
    /// each segment exactly first and then ignoring case, and following Rock Ridge links inside the
    /// image (at most 16). Null when there is none, or the path has "." or ".." segments.
    /// </summary>
    public IsoEntry? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or ".."))
        {
            return null;
        }

        var pending = new Stack<string>(segments.Reverse());
        var current = Root;
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = current.Parent ?? Root;
                continue;
            }

            var child = current.IsDirectory ? Child(current, segment) : null;
            if (child is null)
            {
                return null;
            }

            if (child.Type == IsoEntryType.Symlink)
            {
                if (++hops > MaxLinkHops)
                {
                    return null;
                }

                var target = child.SymlinkTarget ?? string.Empty;
                current = target.StartsWith('/') ? Root : current;
                foreach (var part in target.Split('/').Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            current = child;
        }

        return current;
    }

    /// <summary>Copies the file's bytes from <paramref name="offset"/> until the destination is full or the file ends.</summary>
    public int Read(IsoEntry file, long offset, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(file);
        var total = 0;
        while (total < destination.Length && file.TryLocate(offset + total, out var at, out var contiguous))
        {
            var chunk = destination[total..][..(int)Math.Min(contiguous, destination.Length - total)];
            var read = Medium.Read(at, chunk);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Fills <paramref name="destination"/> from the medium or refuses the image as ending too soon.</summary>
    internal static void ReadExactly(IIsoMedium medium, long offset, Span<byte> destination, string what)
    {
        if (offset < 0 || offset > medium.Length - destination.Length)
        {
            throw new IsoFormatException($"{what} ({destination.Length} bytes) lies past the end of the {medium.Length}-byte image", offset);
        }

        var total = 0;
        while (total < destination.Length)
        {
            var read = medium.Read(offset + total, destination[total..]);
            if (read <= 0)
            {
                throw new IsoFormatException($"the image ended while reading {what}", offset + total);
            }

            total += read;
        }
    }

    private static IsoEntry? Child(IsoEntry directory, string name) =>
        directory.Children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? directory.Children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The SP entry's skip count when the root's "." record starts with one (SUSP §5.3), else null.</summary>
    private static int? RockRidgeSkip(IIsoMedium medium, DirectoryRecord root)
    {
        var sector = new byte[BlockSize];
        ReadExactly(medium, root.DataOffset, sector, "the root directory");
        if (sector[0] == 0)
        {
            return null;
        }

        var self = DirectoryRecord.Parse(sector, root.DataOffset);
        return SystemUseReader.SharingProtocolSkip(sector.AsSpan(self.SystemUseStart, self.SystemUseLength));
    }
}
