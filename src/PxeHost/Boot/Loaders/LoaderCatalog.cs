using PxeHost.Boot.Plan;
using PxeHost.Boot.Render;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot.Loaders;

/// <summary>
/// Every network boot program PxeHost knows, per firmware: what it is served as, which Debian package
/// (bookworm paths) provides it, what it loads beside itself and which configuration names it asks for.
/// The planner, the system file lookup, the GRUB build and <c>pxehost bootloaders</c> all read it here.
/// </summary>
public static class LoaderCatalog
{
    private const string SyslinuxBios = "/usr/lib/syslinux/modules/bios/";

    private const string SyslinuxEfi64 = "/usr/lib/syslinux/modules/efi64/";

    // PXELINUX loads ldlinux first, then the UI module named in its configuration with the libraries it links.
    private static readonly IReadOnlyList<PackagedFile> PxelinuxModules =
    [
        new("ldlinux.c32", SyslinuxBios + "ldlinux.c32", "syslinux-common", "PXELINUX's core module"),
        new("menu.c32", SyslinuxBios + "menu.c32", "syslinux-common", "PXELINUX text menu"),
        new("vesamenu.c32", SyslinuxBios + "vesamenu.c32", "syslinux-common", "PXELINUX graphical menu"),
        new("libutil.c32", SyslinuxBios + "libutil.c32", "syslinux-common", "needed by menu.c32"),
        new("libcom32.c32", SyslinuxBios + "libcom32.c32", "syslinux-common", "needed by menu.c32"),
        new("chain.c32", SyslinuxBios + "chain.c32", "syslinux-common", "PXELINUX chain loading (local disk)"),
        new("reboot.c32", SyslinuxBios + "reboot.c32", "syslinux-common", "PXELINUX reboot entry"),
        new("memdisk", "/usr/lib/syslinux/memdisk", "syslinux-common", "whole images booted from RAM by PXELINUX (BIOS)"),
    ];

    // syslinux.efi loads its modules from the folder it was loaded from, hence efi64/. Debian ships them in
    // syslinux-common; syslinux-efi holds only syslinux.efi itself.
    private static readonly IReadOnlyList<PackagedFile> SyslinuxEfiModules =
    [
        new("efi64/ldlinux.e64", SyslinuxEfi64 + "ldlinux.e64", "syslinux-common", "syslinux.efi's core module"),
        new("efi64/menu.c32", SyslinuxEfi64 + "menu.c32", "syslinux-common", "syslinux.efi text menu"),
        new("efi64/libutil.c32", SyslinuxEfi64 + "libutil.c32", "syslinux-common", "needed by efi64/menu.c32"),
        new("efi64/libcom32.c32", SyslinuxEfi64 + "libcom32.c32", "syslinux-common", "needed by efi64/menu.c32"),
    ];

    // iPXE's own build targets (make bin/undionly.kkpxe, bin/ipxe.lkrn, bin/ipxe.usb, bin-x86_64-efi/snp.efi):
    // no package ships them, but an admin who built one and handed it out would loop iPXE just the same.
    private static readonly IReadOnlyList<string> IpxeBuildNames = ["snp.efi"];

    private static readonly IReadOnlyList<string> IpxeBuildSuffixes = ["kpxe", ".lkrn", "ipxe.usb"];

    /// <summary>Every program, grouped by loader and firmware, the planner's choice first in each group.</summary>
    public static IReadOnlyList<LoaderKind> Kinds { get; } =
    [
        new(BootLoader.Ipxe, LoaderFirmware.Bios, "undionly.kpxe", "/usr/lib/ipxe/undionly.kpxe", "ipxe", "iPXE for BIOS, using the NIC's PXE stack")
        {
            IsDefault = true,
        },
        new(BootLoader.Ipxe, LoaderFirmware.Bios, "ipxe.pxe", "/usr/lib/ipxe/ipxe.pxe", "ipxe", "iPXE for BIOS with its own NIC drivers"),
        new(BootLoader.Ipxe, LoaderFirmware.UefiX64, "snponly.efi", "/usr/lib/ipxe/snponly.efi", "ipxe", "iPXE for UEFI x64, using the firmware's network stack")
        {
            IsDefault = true,
        },
        new(BootLoader.Ipxe, LoaderFirmware.UefiX64, "ipxe.efi", "/usr/lib/ipxe/ipxe.efi", "ipxe", "iPXE for UEFI x64 with its own NIC drivers"),
        new(BootLoader.Pxelinux, LoaderFirmware.Bios, "pxelinux.0", "/usr/lib/PXELINUX/pxelinux.0", "pxelinux", "PXELINUX for BIOS")
        {
            IsDefault = true, Companions = PxelinuxModules, ConfigDirectory = string.Empty, ConfigNames = PxelinuxConfigNames.LookupChain,
        },
        new(BootLoader.Pxelinux, LoaderFirmware.Bios, "lpxelinux.0", "/usr/lib/PXELINUX/lpxelinux.0", "pxelinux", "PXELINUX for BIOS with HTTP and FTP")
        {
            Companions = PxelinuxModules, ConfigDirectory = string.Empty, ConfigNames = PxelinuxConfigNames.LookupChain,
        },
        new(BootLoader.Pxelinux, LoaderFirmware.UefiX64, "efi64/syslinux.efi", "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", "syslinux-efi", "PXELINUX for UEFI x64")
        {
            IsDefault = true, Companions = SyslinuxEfiModules, ConfigDirectory = "efi64/", ConfigNames = PxelinuxConfigNames.LookupChain,
        },
        new(BootLoader.Grub, LoaderFirmware.Bios, "grub/i386-pc/core.0", null, "grub-pc-bin", "GRUB netboot for BIOS, built with grub-mknetdir")
        {
            IsDefault = true, ConfigDirectory = "grub/", ConfigNames = GrubConfigNames.LookupChain,
        },
        new(BootLoader.Grub, LoaderFirmware.UefiX64, "grub/x86_64-efi/core.efi", null, "grub-efi-amd64-bin", "GRUB netboot for UEFI x64, built with grub-mknetdir")
        {
            IsDefault = true, ConfigDirectory = "grub/", ConfigNames = GrubConfigNames.LookupChain,
        },

        // Built only when grub-efi-arm64-bin is installed, so the planner cannot count on it and does not hand it out.
        new(BootLoader.Grub, LoaderFirmware.UefiArm64, "grub/arm64-efi/core.efi", null, "grub-efi-arm64-bin", "GRUB netboot for UEFI arm64, built with grub-mknetdir")
        {
            ConfigDirectory = "grub/", ConfigNames = GrubConfigNames.LookupChain,
        },
        new(null, LoaderFirmware.Bios, "memtest86+x64.bin", "/boot/memtest86+x64.bin", "memtest86+", "memory test for BIOS"),
        new(null, LoaderFirmware.UefiX64, "memtest86+x64.efi", "/boot/memtest86+x64.efi", "memtest86+", "memory test for UEFI"),
    ];

    /// <summary>
    /// Every file the system's packages provide, programs and their companions, in catalog order: what
    /// is served from the system when the TFTP root lacks it.
    /// </summary>
    public static IReadOnlyList<PackagedFile> SystemFiles { get; } = Kinds
        .GroupBy(k => (k.Loader, k.Firmware))
        .SelectMany(group => group
            .Where(k => k.SystemPath is not null)
            .Select(k => new PackagedFile(k.Name, k.SystemPath!, k.Package, k.Purpose))
            .Concat(group.SelectMany(k => k.Companions)))
        .DistinctBy(f => f.Name)
        .ToArray();

    /// <summary>The firmware a client architecture (option 93) runs programs for; null when PxeHost has none for it.</summary>
    public static LoaderFirmware? FirmwareOf(ClientArchitecture architecture) => architecture switch
    {
        ClientArchitecture.IntelX86Bios => LoaderFirmware.Bios,
        ClientArchitecture.EfiBc or ClientArchitecture.EfiX64 or ClientArchitecture.EfiX64Http => LoaderFirmware.UefiX64,
        ClientArchitecture.EfiArm64 or ClientArchitecture.EfiArm64Http => LoaderFirmware.UefiArm64,
        _ => null,
    };

    /// <summary>The programs of a loader for a client's firmware, the planner's choice first.</summary>
    public static IEnumerable<LoaderKind> Of(BootLoader loader, ClientArchitecture architecture) =>
        FirmwareOf(architecture) is { } firmware
            ? Kinds.Where(k => k.Loader == loader && k.Firmware == firmware).OrderByDescending(k => k.IsDefault)
            : [];

    /// <summary>The program the planner hands a client for a loader, or null when there is none for its firmware.</summary>
    public static LoaderKind? NetworkBootProgram(BootLoader loader, ClientArchitecture architecture) =>
        Of(loader, architecture).FirstOrDefault(k => k.IsDefault);

    /// <summary>iPXE binaries, by file name in any folder: giving one to a client that already runs iPXE would loop forever.</summary>
    public static bool IsIpxeBinary(string bootFile)
    {
        var name = Path.GetFileName(bootFile ?? string.Empty);
        return Kinds.Any(k => k.IsIpxe && name.Equals(Path.GetFileName(k.Name), StringComparison.OrdinalIgnoreCase))
            || IpxeBuildNames.Any(n => name.Equals(n, StringComparison.OrdinalIgnoreCase))
            || IpxeBuildSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }
}
