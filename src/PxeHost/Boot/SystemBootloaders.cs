namespace PxeHost.Boot;

/// <summary>
/// Bootloader files installed by the system's packages, served by name when the TFTP root lacks
/// them, so a bare root (or none) still boots BIOS and UEFI clients.
/// </summary>
public static class SystemBootloaders
{
    private static readonly (string Name, string Path, string Package, string Purpose)[] Known =
    [
        ("undionly.kpxe", "/usr/lib/ipxe/undionly.kpxe", "ipxe", "iPXE for BIOS, using the NIC's PXE stack"),
        ("ipxe.pxe", "/usr/lib/ipxe/ipxe.pxe", "ipxe", "iPXE for BIOS with its own NIC drivers"),
        ("snponly.efi", "/usr/lib/ipxe/snponly.efi", "ipxe", "iPXE for UEFI x64, using the firmware's network stack"),
        ("ipxe.efi", "/usr/lib/ipxe/ipxe.efi", "ipxe", "iPXE for UEFI x64 with its own NIC drivers"),
        ("pxelinux.0", "/usr/lib/PXELINUX/pxelinux.0", "pxelinux", "PXELINUX for BIOS"),
        ("lpxelinux.0", "/usr/lib/PXELINUX/lpxelinux.0", "pxelinux", "PXELINUX for BIOS with HTTP and FTP"),
        ("ldlinux.c32", "/usr/lib/syslinux/modules/bios/ldlinux.c32", "syslinux-common", "PXELINUX's core module"),
        ("menu.c32", "/usr/lib/syslinux/modules/bios/menu.c32", "syslinux-common", "PXELINUX text menu"),
        ("vesamenu.c32", "/usr/lib/syslinux/modules/bios/vesamenu.c32", "syslinux-common", "PXELINUX graphical menu"),
        ("libutil.c32", "/usr/lib/syslinux/modules/bios/libutil.c32", "syslinux-common", "needed by menu.c32"),
        ("libcom32.c32", "/usr/lib/syslinux/modules/bios/libcom32.c32", "syslinux-common", "needed by menu.c32"),
        ("chain.c32", "/usr/lib/syslinux/modules/bios/chain.c32", "syslinux-common", "PXELINUX chain loading (local disk)"),
        ("reboot.c32", "/usr/lib/syslinux/modules/bios/reboot.c32", "syslinux-common", "PXELINUX reboot entry"),
        ("efi64/syslinux.efi", "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", "syslinux-efi", "PXELINUX for UEFI x64"),
        ("efi64/ldlinux.e64", "/usr/lib/syslinux/modules/efi64/ldlinux.e64", "syslinux-efi", "syslinux.efi's core module"),
        ("efi64/menu.c32", "/usr/lib/syslinux/modules/efi64/menu.c32", "syslinux-efi", "syslinux.efi text menu"),
        ("efi64/libutil.c32", "/usr/lib/syslinux/modules/efi64/libutil.c32", "syslinux-efi", "needed by efi64/menu.c32"),
        ("efi64/libcom32.c32", "/usr/lib/syslinux/modules/efi64/libcom32.c32", "syslinux-efi", "needed by efi64/menu.c32"),
        ("memtest86+x64.bin", "/boot/memtest86+x64.bin", "memtest86+", "memory test for BIOS"),
        ("memtest86+x64.efi", "/boot/memtest86+x64.efi", "memtest86+", "memory test for UEFI"),
    ];

    /// <summary>Every known file with where it is on this system, or the package that would provide it.</summary>
    public static IReadOnlyList<Bootloader> Discover(Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
        return Known.Select(k => new Bootloader(k.Name, exists(k.Path) ? k.Path : null, k.Package, k.Purpose)).ToArray();
    }

    /// <summary>The found files as name → path, for a <see cref="Files.NamedFileSource"/>.</summary>
    public static IReadOnlyDictionary<string, string> FoundFiles(IReadOnlyList<Bootloader> bootloaders) =>
        (bootloaders ?? []).Where(b => b.Found).ToDictionary(b => b.Name, b => b.Path!, StringComparer.Ordinal);

    /// <summary>iPXE binaries: giving one to a client that already runs iPXE would loop forever.</summary>
    public static bool IsIpxeBinary(string bootFile) =>
        Path.GetFileName(bootFile ?? string.Empty) is var name
        && (name.EndsWith("kpxe", StringComparison.OrdinalIgnoreCase)
            || name.Equals("ipxe.efi", StringComparison.OrdinalIgnoreCase)
            || name.Equals("snponly.efi", StringComparison.OrdinalIgnoreCase)
            || name.Equals("ipxe.pxe", StringComparison.OrdinalIgnoreCase)
            || name.Equals("snp.efi", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".lkrn", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("ipxe.usb", StringComparison.OrdinalIgnoreCase));
}
