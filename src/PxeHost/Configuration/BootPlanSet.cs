using System.Net.NetworkInformation;
using PxeHost.Boot.Plan;

namespace PxeHost.Configuration;

/// <summary>
/// The boot part of pxehost.yaml, validated and linked: every name a machine, group or menu uses
/// exists. What reloads without a restart when the file changes.
/// </summary>
public sealed record BootPlanSet
{
    public required IReadOnlyDictionary<string, BootProfile> Profiles { get; init; }

    public required IReadOnlyDictionary<string, BootMenu> Menus { get; init; }

    public required IReadOnlyList<MachineEntry> Machines { get; init; }

    public BootLoader DefaultLoader { get; init; } = BootLoader.Ipxe;

    /// <summary>What unknown machines boot: a menu or a profile name; null when the file names none.</summary>
    public string? DefaultBoot { get; init; }

    /// <summary>Serial port the loaders' own consoles use (0 = ttyS0), when set.</summary>
    public int? SerialPort { get; init; }

    public static BootPlanSet Empty { get; } = new() { Profiles = new Dictionary<string, BootProfile>(), Menus = new Dictionary<string, BootMenu>(), Machines = [] };

    /// <summary>The machine entry for a client: by MAC first, then by UUID.</summary>
    public MachineEntry? Find(PhysicalAddress? mac, Guid? uuid) =>
        Machines.FirstOrDefault(m => mac is not null && m.Mac is not null && m.Mac.Equals(mac))
        ?? Machines.FirstOrDefault(m => uuid is not null && m.Uuid == uuid);
}
