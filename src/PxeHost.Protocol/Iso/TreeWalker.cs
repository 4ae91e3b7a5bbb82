namespace PxeHost.Protocol.Iso;

/// <summary>
/// Walks an image's directory hierarchy once, depth first, into <see cref="IsoEntry"/> nodes. The walk
/// refuses what would make it loop or grow without bound: a directory extent reached twice, more
/// directory bytes than the image holds (overlapping directories), nesting, entry and name limits,
/// and extents outside the image. Multi-extent files (ECMA-119 §6.5.1, flag bit 7) are joined.
/// </summary>
internal sealed class TreeWalker(IIsoMedium medium, IsoLimits limits, IsoNameSource names, SystemUseReader? rockRidge, IEnumerable<long> bootImages)
{
    private readonly HashSet<long> _visited = [];
    private readonly HashSet<long> _bootOffsets = [.. bootImages];
    private readonly Dictionary<long, string> _bootImages = [];
    private long _directoryBytes;
    private int _entries;

    /// <summary>The path of each file that starts where an El Torito boot image does, by image offset.</summary>
    public IReadOnlyDictionary<long, string> BootImages => _bootImages;

    public IsoEntry Walk(DirectoryRecord root)
    {
        var extent = new IsoExtent(root.DataOffset, root.DataLength);
        var entry = new IsoEntry(string.Empty, IsoEntryType.Directory, [extent], parent: null);
        WalkDirectory(entry, extent, depth: 0, root.Position);
        return entry;
    }

    private void WalkDirectory(IsoEntry directory, IsoExtent extent, int depth, long position)
    {
        if (depth > limits.MaxDepth)
        {
            throw new IsoFormatException($"directories nest deeper than {limits.MaxDepth} levels", position);
        }

        if (extent.Length > limits.MaxDirectoryBytes)
        {
            throw new IsoFormatException($"a directory of {extent.Length} bytes is larger than {limits.MaxDirectoryBytes}", position);
        }

        if (extent.Offset + extent.Length > medium.Length)
        {
            throw new IsoFormatException($"a directory extent at block {extent.Offset / IsoVolume.BlockSize} of {extent.Length} bytes lies past the end of the {medium.Length}-byte image", position);
        }

        if (!_visited.Add(extent.Offset))
        {
            throw new IsoFormatException($"the directory extent at block {extent.Offset / IsoVolume.BlockSize} is visited twice (a directory loop)", position);
        }

        _directoryBytes += extent.Length;
        if (_directoryBytes > medium.Length)
        {
            throw new IsoFormatException("the directories hold more bytes than the image (overlapping directory extents)", position);
        }

        var subdirectories = new List<(IsoEntry Entry, IsoExtent Extent, long Position)>();
        var run = new ExtentRun();
        var sector = new byte[IsoVolume.BlockSize];
        for (long at = 0; at < extent.Length; at += IsoVolume.BlockSize)
        {
            var bytes = sector.AsSpan(0, (int)Math.Min(IsoVolume.BlockSize, extent.Length - at));
            IsoVolume.ReadExactly(medium, extent.Offset + at, bytes, "a directory");
            var pos = 0;

            // A zero length byte ends the sector's records: the next record starts in the next sector (§6.8.1.1).
            while (pos < bytes.Length && bytes[pos] != 0)
            {
                var record = DirectoryRecord.Parse(bytes[pos..], extent.Offset + at + pos);
                var area = bytes.Slice(pos + record.SystemUseStart, record.SystemUseLength);
                pos += record.Length;
                if (Accept(directory, record, area, run) is { } child)
                {
                    subdirectories.Add(child);
                }
            }
        }

        if (run.First is { } open)
        {
            throw new IsoFormatException("a multi-extent file's last extent is missing at the end of its directory", open.Position);
        }

        foreach (var (entry, childExtent, childPosition) in subdirectories)
        {
            WalkDirectory(entry, childExtent, depth + 1, childPosition);
        }
    }

    /// <summary>Adds the entry a record completes; returns it with its extent when it is a directory to walk.</summary>
    private (IsoEntry, IsoExtent, long)? Accept(IsoEntry directory, DirectoryRecord record, ReadOnlySpan<byte> area, ExtentRun run)
    {
        if (record.IsSelfOrParent)
        {
            return null;
        }

        if (record.FileUnitSize != 0 || record.InterleaveGap != 0)
        {
            throw new IsoFormatException("an interleaved file (file unit size or gap size set), which is not read", record.Position);
        }

        if (run.First is { } first && !first.Identifier.AsSpan().SequenceEqual(record.Identifier))
        {
            throw new IsoFormatException("a multi-extent file's last extent is missing before the next file", first.Position);
        }

        if (run.First is null)
        {
            run.Start(record, rockRidge?.Read(area, record.Position + record.SystemUseStart) ?? RockRidgeFields.None);
        }

        if (record.IsMultiExtent && record.IsDirectory)
        {
            throw new IsoFormatException("a directory record has the multi-extent flag", record.Position);
        }

        run.Extents.Add(new IsoExtent(record.DataOffset, record.DataLength));
        if (run.Extents.Count > limits.MaxExtentsPerFile)
        {
            throw new IsoFormatException($"a multi-extent file has more than {limits.MaxExtentsPerFile} extents", record.Position);
        }

        if (record.IsMultiExtent)
        {
            return null;
        }

        var (head, fields) = (run.First!.Value, run.Fields);
        var extents = run.Extents.ToArray();
        run.Clear();
        return fields.Relocated ? null : Add(directory, head, fields, extents);
    }

    private (IsoEntry, IsoExtent, long)? Add(IsoEntry directory, DirectoryRecord head, RockRidgeFields fields, IsoExtent[] extents)
    {
        if (++_entries > limits.MaxEntries)
        {
            throw new IsoFormatException($"the image holds more than {limits.MaxEntries} files and directories", head.Position);
        }

        var name = IsoNames.Checked(
            names switch
            {
                IsoNameSource.RockRidge => fields.Name ?? IsoNames.Iso9660(head.Identifier),
                IsoNameSource.Joliet => IsoNames.Joliet(head.Identifier),
                _ => IsoNames.Iso9660(head.Identifier),
            },
            limits,
            head.Position);
        if (fields.ChildLink is { } block)
        {
            var relocated = Relocated(block, head.Position);
            var moved = new IsoEntry(name, IsoEntryType.Directory, [relocated], directory) { Mode = fields.Mode };
            directory.Add(moved);
            return (moved, relocated, head.Position);
        }

        var type = head.IsDirectory ? IsoEntryType.Directory : fields.SymlinkTarget is not null ? IsoEntryType.Symlink : IsoEntryType.File;
        if (type == IsoEntryType.File)
        {
            extents = Checked(extents, name, head.Position);
        }

        var entry = new IsoEntry(name, type, type == IsoEntryType.Symlink ? [] : extents, directory) { Mode = fields.Mode, SymlinkTarget = fields.SymlinkTarget };
        directory.Add(entry);
        if (type == IsoEntryType.File && extents.Length > 0 && _bootOffsets.Contains(extents[0].Offset))
        {
            _bootImages.TryAdd(extents[0].Offset, entry.Path);
        }

        return type == IsoEntryType.Directory ? (entry, extents[0], head.Position) : null;
    }

    /// <summary>A file's extents, empty ones dropped (an empty file's block means nothing), each inside the image.</summary>
    private IsoExtent[] Checked(IsoExtent[] extents, string name, long position)
    {
        var kept = extents.Where(e => e.Length > 0).ToArray();
        foreach (var extent in kept)
        {
            if (extent.Offset > medium.Length - extent.Length)
            {
                throw new IsoFormatException($"the file '{name}' has an extent at block {extent.Offset / IsoVolume.BlockSize} of {extent.Length} bytes, past the end of the {medium.Length}-byte image", position);
            }
        }

        return kept;
    }

    /// <summary>
    /// The directory a Rock Ridge CL entry points at (RRIP §4.1.5.1: deep directories moved under
    /// rr_moved): its extent is the one its own "." record gives.
    /// </summary>
    private IsoExtent Relocated(uint block, long position)
    {
        var sector = new byte[IsoVolume.BlockSize];
        var offset = (long)block * IsoVolume.BlockSize;
        IsoVolume.ReadExactly(medium, offset, sector, "a relocated directory (Rock Ridge CL)");
        if (sector[0] == 0)
        {
            throw new IsoFormatException($"a Rock Ridge CL entry points at block {block}, which holds no directory", position);
        }

        var self = DirectoryRecord.Parse(sector, offset);
        return new IsoExtent(self.DataOffset, self.DataLength);
    }

    /// <summary>The records of one file so far: a multi-extent file spans several, all with its identifier.</summary>
    private sealed class ExtentRun
    {
        public DirectoryRecord? First { get; private set; }

        public RockRidgeFields Fields { get; private set; } = RockRidgeFields.None;

        public List<IsoExtent> Extents { get; } = [];

        public void Start(DirectoryRecord record, RockRidgeFields fields)
        {
            First = record;
            Fields = fields;
        }

        public void Clear()
        {
            First = null;
            Fields = RockRidgeFields.None;
            Extents.Clear();
        }
    }
}
