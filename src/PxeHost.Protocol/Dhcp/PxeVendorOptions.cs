namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// The PXE suboptions of option 43 (PXE specification 2.1, §2.2.5). Absent suboptions are null or
/// empty. Equality compares every list element by element.
/// </summary>
public sealed record PxeVendorOptions
{
    public PxeDiscoveryControl? DiscoveryControl { get; init; }

    public IReadOnlyList<PxeBootServer> BootServers { get; init; } = [];

    public IReadOnlyList<PxeBootMenuItem> BootMenu { get; init; } = [];

    public PxeMenuPrompt? MenuPrompt { get; init; }

    public PxeBootItem? BootItem { get; init; }

    /// <summary>Suboptions not decoded above (multicast TFTP, credential types …), in wire order.</summary>
    public IReadOnlyList<PxeSuboption> OtherSuboptions { get; init; } = [];

    public bool Equals(PxeVendorOptions? other) =>
        other is not null
        && DiscoveryControl == other.DiscoveryControl
        && BootServers.SequenceEqual(other.BootServers)
        && BootMenu.SequenceEqual(other.BootMenu)
        && Equals(MenuPrompt, other.MenuPrompt)
        && Equals(BootItem, other.BootItem)
        && OtherSuboptions.SequenceEqual(other.OtherSuboptions);

    public override int GetHashCode() =>
        HashCode.Combine(DiscoveryControl, BootServers.Count, BootMenu.Count, MenuPrompt, BootItem, OtherSuboptions.Count);
}
