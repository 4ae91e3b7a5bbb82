using System.Net;

namespace PxeHost.Boot.Policy;

/// <summary>
/// What a machine boots, asked by every side of a boot — DHCP (the boot file or URL in the reply),
/// port 4011 (a PXE menu entry), TFTP and HTTP (files published for it and configurations rendered
/// for it) and HTTP again (its iPXE script). One implementation per way of deciding: the command-line
/// boot files (<see cref="FlagsBootPolicy"/>), the plan of pxehost.yaml (<see cref="PlanBootPolicy"/>),
/// quick mode (<see cref="QuickBootPolicy"/>) and an outside API (<see cref="ApiBootPolicy"/>); the
/// plan and the API fall back to the policy they wrap for machines they say nothing about.
/// </summary>
public interface IBootPolicy : IBootFiles
{
    /// <summary>A short name for logs and explain: "flags", "plan", "quick", "api".</summary>
    string Name { get; }

    /// <summary>
    /// Gets whatever the decision for this client needs from outside (the API's answer) before
    /// <see cref="Decide"/> is called on the DHCP path, which must not wait. Completes at once for
    /// policies that decide from what they hold.
    /// </summary>
    ValueTask PrepareAsync(BootClient client, CancellationToken cancellationToken);

    /// <summary>The boot part of the DHCP answer for this client, talking to this server address.</summary>
    BootDecision Decide(BootClient client, IPAddress server);

    /// <summary>The file for the PXE menu entry a client chose on port 4011; null when there is no PXE menu.</summary>
    BootDecision? ForMenuEntry(BootClient client, ushort type);

    /// <summary>The iPXE script served at <c>/boot/MAC.ipxe</c> for this client.</summary>
    ValueTask<string> IpxeScriptAsync(BootClient client, IPAddress server, IPAddress? clientAddress, CancellationToken cancellationToken);
}
