namespace PxeHost.Iso.Entries;

/// <summary>
/// Finds an image's boot entries the way the image itself offers them — its isolinux/syslinux
/// configuration, then its GRUB configurations — and says how each boots over the network
/// (<see cref="IsoFamilies"/>). Entries equal in kernel, initrds and arguments are merged into one;
/// each is offered to BIOS and UEFI because PxeHost's own loaders (PXELINUX, GRUB, iPXE) boot it,
/// except a kernel whose header shows no EFI entry (BIOS only). An image with no configuration is
/// searched for a bare Linux-protocol kernel (memtest86+'s ISO is one); failing that, or when its
/// configuration offers only non-Linux entries, the whole image is offered
/// (<see cref="WholeImageEntry"/>). Never throws on what the image holds: problems are listed.
/// </summary>
public sealed class IsoEntryFinder
{
    private readonly IsoEntryLimits _limits;

    public IsoEntryFinder(IsoEntryLimits? limits = null) => _limits = limits ?? IsoEntryLimits.Default;

    /// <summary>The entries of the image, the image's default first.</summary>
    public IReadOnlyList<IsoBootEntry> Find(IImageTree tree, long imageLength) => Scan(tree, imageLength).Entries;

    /// <summary>The entries of the image and the problems met reading its configuration.</summary>
    public IsoEntryScan Scan(IImageTree tree, long imageLength)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var reading = new ConfigReading(tree, _limits);
        var syslinux = new SyslinuxConfigReader(reading);
        var grub = new GrubConfigReader(reading);
        var found = syslinux.Read().Concat(grub.Read()).ToList();
        var notLinux = syslinux.NotLinux + grub.NotLinux;
        var hasConfig = syslinux.ConfigPath is not null || grub.ConfigPaths.Count > 0;
        if (!hasConfig)
        {
            found.AddRange(BareKernels.Find(reading));
        }

        var families = new IsoFamilies(reading, imageLength);
        var offered = found.Where(f => Offered(f, reading)).Select(f => Describe(f, families, reading)).OfType<IsoBootEntry>();
        var entries = Merge(offered, reading);
        if (entries.Count == 0)
        {
            entries.Add(WholeImageEntry.For(reading, imageLength, hasConfig, notLinux));
        }

        return new IsoEntryScan(entries, [.. reading.Problems]);
    }

    private static bool Offered(FoundEntry found, ConfigReading reading)
    {
        if (IsoFamilies.NetworkServerWord(found) is { } word)
        {
            reading.Problem($"{found.Origin}: {found.Title} already boots from a server of its own ({word}); left out");
            return false;
        }

        return true;
    }

    private static IsoBootEntry? Describe(FoundEntry found, IsoFamilies families, ConfigReading reading)
    {
        // Found a moment ago; gone only if a damaged image failed the second look-up (a problem said).
        if (reading.FindFile(found.Kernel) is not { } kernel)
        {
            return null;
        }

        var header = LinuxKernelHeader.Parse(reading.ReadHead(kernel, LinuxKernelHeader.HeadBytes));
        var plan = families.Plan(found, header);
        var initrdBytes = found.Initrds.Sum(i => reading.FindFile(i)?.Length ?? 0);
        var firmware = IsoFirmware.Bios | IsoFirmware.Uefi;
        var notes = new List<string> { found.Note, plan.Note };
        if (header is { EfiBootable: false })
        {
            // A bzImage without a PE/COFF stub or EFI handover entry cannot be started by GRUB on UEFI.
            firmware = IsoFirmware.Bios;
            notes.Add("BIOS only: the kernel has no EFI stub");
        }

        return new IsoBootEntry
        {
            Title = found.Title,
            Kind = IsoEntryKind.Linux,
            Kernel = found.Kernel,
            Initrds = found.Initrds,
            Arguments = string.Join(' ', plan.Words),
            NetworkArguments = plan.NetworkArguments,
            Firmware = firmware,
            Family = plan.Family,
            Method = plan.Method,
            RamBytes = RamEstimate.Linux(plan.Family, kernel.Length, initrdBytes, plan.FetchedBytes),
            Origin = found.Origin,
            Note = string.Join("; ", notes.Where(n => n.Length > 0)),
        };
    }

    /// <summary>One entry per distinct (kernel, initrds, arguments); the first keeps its place and title.</summary>
    private List<IsoBootEntry> Merge(IEnumerable<IsoBootEntry> entries, ConfigReading reading)
    {
        var merged = new List<IsoBootEntry>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = $"{entry.Kernel}\n{string.Join('\n', entry.Initrds)}\n{entry.Arguments}";
            if (index.TryGetValue(key, out var at))
            {
                var first = merged[at];
                merged[at] = first with
                {
                    Origin = first.Origin.Split(", ").Contains(entry.Origin) ? first.Origin : $"{first.Origin}, {entry.Origin}",
                    Note = first.Note.Length > 0 || entry.Note.Length == 0 ? first.Note : entry.Note,
                };
                continue;
            }

            if (merged.Count == _limits.MaxEntries)
            {
                reading.Problem($"more than {_limits.MaxEntries} distinct entries; the rest are left out");
                break;
            }

            index[key] = merged.Count;
            merged.Add(entry);
        }

        return merged;
    }
}
