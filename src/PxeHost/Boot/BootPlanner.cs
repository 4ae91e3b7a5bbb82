using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot;

/// <summary>Each loader's network boot program per firmware, as SystemBootloaders and GrubNetboot publish them.</summary>
public static class BootPlanner
{
    public static string? LoaderFile(Plan.BootLoader loader, ClientArchitecture architecture)
    {
        var uefi = architecture is ClientArchitecture.EfiBc or ClientArchitecture.EfiX64 or ClientArchitecture.EfiX64Http;
        var bios = architecture == ClientArchitecture.IntelX86Bios;
        return (loader, bios, uefi) switch
        {
            (Plan.BootLoader.Ipxe, true, _) => "undionly.kpxe",
            (Plan.BootLoader.Ipxe, _, true) => "snponly.efi",
            (Plan.BootLoader.Pxelinux, true, _) => "pxelinux.0",
            (Plan.BootLoader.Pxelinux, _, true) => "efi64/syslinux.efi",
            (Plan.BootLoader.Grub, true, _) => "grub/i386-pc/core.0",
            (Plan.BootLoader.Grub, _, true) => "grub/x86_64-efi/core.efi",
            _ => null,
        };
    }
}
