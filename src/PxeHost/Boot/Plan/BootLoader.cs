namespace PxeHost.Boot.Plan;

/// <summary>The network boot program a machine runs, which decides the format its menu is rendered in.</summary>
public enum BootLoader
{
    /// <summary>iPXE (undionly.kpxe / snponly.efi): a script per client over HTTP; kernels over HTTP.</summary>
    Ipxe,

    /// <summary>PXELINUX (BIOS pxelinux.0, UEFI syslinux.efi): pxelinux.cfg files over TFTP.</summary>
    Pxelinux,

    /// <summary>GRUB netboot (BIOS core.0, UEFI grubx64.efi): grub.cfg over TFTP; kernels over TFTP or HTTP.</summary>
    Grub,
}
