namespace PxeHost.Boot.Plan;

/// <summary>What a boot entry does.</summary>
public enum ProfileKind
{
    /// <summary>Boot a kernel with initrds and a command line.</summary>
    Linux,

    /// <summary>Leave the network boot and boot the local disk.</summary>
    LocalDisk,

    /// <summary>Run memtest86+ (found on the system).</summary>
    Memtest,

    /// <summary>Chain to another network boot program or script by URL (iPXE) or path.</summary>
    Chain,

    /// <summary>Boot a whole image (an ISO of the library): iPXE <c>sanboot</c> over HTTP, PXELINUX memdisk on BIOS; GRUB cannot.</summary>
    WholeImage,
}
