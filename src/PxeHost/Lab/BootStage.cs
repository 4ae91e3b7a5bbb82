namespace PxeHost.Lab;

/// <summary>How far a network boot got, in the order a machine goes through them.</summary>
public enum BootStage
{
    /// <summary>Asking DHCP for an address and a boot file.</summary>
    Dhcp,

    /// <summary>Fetching the boot file the DHCP answer named (pxelinux.0, snponly.efi …).</summary>
    BootFile,

    /// <summary>The boot file runs: iPXE asks DHCP again, PXELINUX fetches its modules.</summary>
    Loader,

    /// <summary>The loader fetches its configuration (an iPXE script, pxelinux.cfg/…, grub.cfg) and shows its menu.</summary>
    Config,

    Kernel,

    Initrd,

    /// <summary>Kernel and initrd delivered: the machine runs its system.</summary>
    Running,
}
