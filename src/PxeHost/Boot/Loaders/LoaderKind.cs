using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Boot.Plan;

namespace PxeHost.Boot.Loaders;

/// <summary>One network boot program (or payload) for one firmware: what it is served as, where it comes from, what it asks for next.</summary>
/// <param name="Loader">The loader it is; null for a payload a menu entry boots (memtest86+), which no plan chooses as its loader.</param>
/// <param name="Firmware">The firmware it runs on.</param>
/// <param name="Name">The name it is served as, relative to the TFTP root (and the HTTP root for HTTP Boot).</param>
/// <param name="SystemPath">Where the system's package installs it; null when PxeHost builds it (GRUB, with grub-mknetdir).</param>
/// <param name="Package">The Debian package that provides it, or that it is built from.</param>
/// <param name="Purpose">What it is for, as <c>pxehost bootloaders</c> prints it.</param>
public sealed record LoaderKind(BootLoader? Loader, LoaderFirmware Firmware, string Name, string? SystemPath, string Package, string Purpose)
{
    /// <summary>The program the planner hands out for this loader on this firmware (one per pair); the others are served when asked for by name.</summary>
    public bool IsDefault { get; init; }

    /// <summary>Files it loads from beside itself, which must be served too (PXELINUX's ldlinux.c32 and the menu's libraries).</summary>
    public IReadOnlyList<PackagedFile> Companions { get; init; } = [];

    /// <summary>
    /// The folder its per-client configuration names are under, relative to the TFTP root: PXELINUX
    /// looks beside itself (<c>efi64/</c> for syslinux.efi), netboot GRUB under its prefix <c>grub/</c>.
    /// Null when it asks for no configuration by name (iPXE is handed its script's URL in the DHCP reply).
    /// </summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>The names it tries under <see cref="ConfigDirectory"/>, in its order (a lookup chain of Render/).</summary>
    public Func<PhysicalAddress, IPAddress?, Guid?, IReadOnlyList<string>>? ConfigNames { get; init; }

    /// <summary>An iPXE binary: handing one to a client already running iPXE would loop forever.</summary>
    public bool IsIpxe => Loader == BootLoader.Ipxe;

    /// <summary>The configuration files it asks for, relative to the TFTP root, in order; none for iPXE and payloads.</summary>
    public IReadOnlyList<string> ConfigLookups(PhysicalAddress mac, IPAddress? ip, Guid? uuid) =>
        ConfigNames is null ? [] : ConfigNames(mac, ip, uuid).Select(name => ConfigDirectory + name).ToArray();
}
