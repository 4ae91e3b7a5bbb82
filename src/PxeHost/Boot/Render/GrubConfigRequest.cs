using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Boot.Render;

/// <summary>
/// A GRUB configuration request, as <see cref="GrubConfigNames.TryParse"/> reads it. <see cref="Directory"/>
/// is the path before <c>grub.cfg</c>: GRUB's <c>$prefix</c> on the TFTP server (e.g. <c>boot/grub/</c>),
/// or <c>grub/x86_64-efi/</c> for the platform file Debian's signed image looks for first.
/// </summary>
public sealed record GrubConfigRequest(ConfigLookupKind Kind, string Directory)
{
    /// <summary>For <see cref="ConfigLookupKind.Mac"/>.</summary>
    public PhysicalAddress? Mac { get; init; }

    /// <summary>For <see cref="ConfigLookupKind.Uuid"/>, read as <see cref="BootClient"/> reads option 97.</summary>
    public Guid? Uuid { get; init; }

    /// <summary>For <see cref="ConfigLookupKind.IpPrefix"/>: the addresses the name covers.</summary>
    public IPNetwork? IpPrefix { get; init; }
}
