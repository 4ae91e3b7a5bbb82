namespace PxeHost.Iso.Entries;

/// <summary>
/// The entry for an image PxeHost cannot boot by its kernel: the whole image, loaded by memdisk on
/// BIOS (all of it copied into RAM below 4 GiB, so images over <see cref="MemdiskLimit"/> do not fit)
/// or attached by iPXE's sanboot over HTTP (read on demand, BIOS and UEFI; UEFI needs the image's
/// own EFI boot file, looked for at EFI/BOOT/BOOTX64.EFI or as an efi.img/efiboot.img El Torito image).
/// </summary>
internal static class WholeImageEntry
{
    /// <summary>memdisk keeps the image in conventional high memory below 4 GiB; past ~2 GiB it fails.</summary>
    public const long MemdiskLimit = 2L << 30;

    private static readonly string[] EfiBootFiles = ["EFI/BOOT/BOOTX64.EFI", "efi.img", "boot/efi.img", "images/efiboot.img", "boot/grub/efi.img", "efiboot.img"];

    public static IsoBootEntry For(ConfigReading reading, long imageLength, bool hasConfig, int notLinux)
    {
        var tree = reading.Tree;
        var uefi = EfiBootFiles.Any(f => reading.FindFile(f) is not null);
        var notes = new List<string>();
        if (hasConfig)
        {
            notes.Add(notLinux > 0
                ? $"the image's own menu offers no Linux entry ({notLinux} other)"
                : "the image's own menu offers no Linux entry PxeHost can find");
        }
        else
        {
            notes.Add("the image has no boot configuration PxeHost recognises");
        }

        notes.Add(imageLength > MemdiskLimit
            ? $"the whole image ({Mib(imageLength)} MiB) is over memdisk's ~2 GiB and will not fit in RAM: only iPXE sanboot over HTTP can boot it"
            : $"loads the whole image ({Mib(imageLength)} MiB) into RAM with memdisk on BIOS, or attaches it with iPXE sanboot over HTTP");
        if (!uefi)
        {
            notes.Add("BIOS only: no EFI boot file in the image");
        }

        return new IsoBootEntry
        {
            Title = tree.Label.Length > 0 ? tree.Label : "image",
            Kind = IsoEntryKind.WholeImage,
            Firmware = uefi ? IsoFirmware.Bios | IsoFirmware.Uefi : IsoFirmware.Bios,
            Family = "plain",
            Method = imageLength > MemdiskLimit ? "whole image, iPXE sanboot over HTTP" : "whole image (memdisk into RAM, or iPXE sanboot over HTTP)",
            RamBytes = imageLength > MemdiskLimit ? RamEstimate.SmallBase : RamEstimate.WholeImage(imageLength),
            Note = string.Join("; ", notes),
        };
    }

    private static long Mib(long bytes) => (bytes + (1 << 20) - 1) >> 20;
}
