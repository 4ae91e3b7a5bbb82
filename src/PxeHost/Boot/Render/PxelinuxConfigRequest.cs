using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Boot.Render;

/// <summary>
/// A PXELINUX configuration request, as <see cref="PxelinuxConfigNames.TryParse"/> reads it: which
/// lookup it is and what it names. <see cref="Directory"/> is the path before <c>pxelinux.cfg/</c>
/// (empty, or ending in <c>/</c>): PXELINUX asks relative to the directory it was loaded from, or
/// to DHCP option 210's path prefix.
/// </summary>
public sealed record PxelinuxConfigRequest(ConfigLookupKind Kind, string Directory)
{
    /// <summary>For <see cref="ConfigLookupKind.Mac"/>.</summary>
    public PhysicalAddress? Mac { get; init; }

    /// <summary>For <see cref="ConfigLookupKind.Uuid"/>, read as <see cref="BootClient"/> reads option 97.</summary>
    public Guid? Uuid { get; init; }

    /// <summary>For <see cref="ConfigLookupKind.IpPrefix"/>: the addresses the name covers, e.g. <c>C0A8016</c> → 192.168.1.96/28.</summary>
    public IPNetwork? IpPrefix { get; init; }
}
