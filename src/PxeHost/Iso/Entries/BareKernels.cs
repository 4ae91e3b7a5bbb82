namespace PxeHost.Iso.Entries;

/// <summary>
/// Linux-protocol kernels in an image that has no boot configuration at all: memtest86+'s ISO boots
/// its kernel straight from El Torito (EFI/BOOT/BOOTX64.EFI on UEFI, boot/floppy.img on BIOS, both
/// carrying the Linux setup header). The removable-media EFI path is looked at first, then the files
/// at the root and in boot/; files with the same version string are one kernel, the first kept.
/// </summary>
internal static class BareKernels
{
    private const int MaxProbes = 32;
    private const long MaxKernelBytes = 64L << 20;

    public static IEnumerable<FoundEntry> Find(ConfigReading reading)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in Candidates(reading).Take(MaxProbes))
        {
            var header = LinuxKernelHeader.Parse(reading.ReadHead(candidate, LinuxKernelHeader.HeadBytes));
            if (header is null || !seen.Add(header.Version.Length > 0 ? header.Version : candidate.Path))
            {
                continue;
            }

            var title = header.Version.Length > 0 ? header.Version : candidate.Name;
            yield return new FoundEntry(title, candidate.Path, [], string.Empty, $"{candidate.Path} (Linux boot header; the image has no boot configuration)");
        }
    }

    private static IEnumerable<ImageNode> Candidates(ConfigReading reading)
    {
        var efi = reading.FindFile("EFI/BOOT/BOOTX64.EFI");
        var folders = new[] { string.Empty, "boot" }
            .Select(reading.FindDirectory)
            .OfType<ImageNode>()
            .SelectMany(reading.List)
            .Where(n => !n.IsDirectory && n.Length is > 0x1000 and <= MaxKernelBytes && n.Path != efi?.Path);
        return efi is null ? folders : folders.Prepend(efi);
    }
}
