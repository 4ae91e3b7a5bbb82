using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot;

/// <summary>
/// A PXE boot menu (PXE 2.1 §2.2.5, what dnsmasq's pxe-service and pxe-prompt give): the firmware
/// shows the prompt for the timeout, then the menu on a key press or the first entry by default, and
/// asks the boot server on port 4011 for the chosen entry's file.
/// </summary>
public sealed record PxeMenu(string Prompt, byte TimeoutSeconds, IReadOnlyList<PxeMenuEntry> Entries)
{
    /// <summary>Option 43 for the offer: the menu, the prompt, and this server as boot server of every entry.</summary>
    public PxeVendorOptions ToVendorOptions(IPAddress server) => new()
    {
        // Broadcast and multicast discovery off: the client asks the listed boot server (us) by unicast.
        DiscoveryControl = PxeDiscoveryControl.DisableBroadcastDiscovery | PxeDiscoveryControl.DisableMulticastDiscovery,
        BootServers = Entries.Where(e => !e.IsLocalBoot).Select(e => new PxeBootServer(e.Type, [server])).ToArray(),
        BootMenu = Entries.Select(e => new PxeBootMenuItem(e.Type, e.Title)).ToArray(),
        MenuPrompt = new PxeMenuPrompt(TimeoutSeconds, Prompt),
    };

    public PxeMenuEntry? Find(ushort type) => Entries.FirstOrDefault(e => e.Type == type);
}
