using System.Net;
using System.Net.NetworkInformation;
using System.Text;
using PxeHost.Boot.Render;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot.Plan;

/// <summary>
/// The plan's files for TFTP and HTTP: profile files published by path, and per-client
/// configurations rendered when a loader asks for them — PXELINUX's <c>pxelinux.cfg/01-MAC</c>,
/// GRUB's <c>grub.cfg-01-MAC</c> and iPXE's <c>boot/MAC.ipxe</c>.
/// </summary>
public sealed class PlanBootFiles(PlanSource plans, int httpPort, BootOnceRecord? once = null, SeenClients? seen = null) : IBootFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string? Published(string relativePath) => plans.PublishedFiles.GetValueOrDefault(relativePath);

    public ReadOnlyMemory<byte>? Generate(string relativePath, IPAddress server, IPAddress? client)
    {
        if (PxelinuxConfigNames.TryParse(relativePath, out var pxelinux) && Who(pxelinux.Kind, pxelinux.Mac, pxelinux.Uuid) is { } p)
        {
            // syslinux.efi reads its configuration under the folder it was loaded from (efi64/).
            var uefi = pxelinux.Directory.Contains("efi", StringComparison.OrdinalIgnoreCase);
            return Render(p.Mac, p.Uuid, p.Architecture ?? (uefi ? ClientArchitecture.EfiBc : ClientArchitecture.IntelX86Bios), server, client, Plan.BootLoader.Pxelinux);
        }

        if (GrubConfigNames.TryParse(relativePath, out var grub) && Who(grub.Kind, grub.Mac, grub.Uuid) is { } g)
        {
            // BIOS and UEFI GRUB ask for the same names: the architecture comes from the client's DHCP request.
            var uefi = grub.Directory.Contains("efi", StringComparison.OrdinalIgnoreCase);
            return Render(g.Mac, g.Uuid, g.Architecture ?? (uefi ? ClientArchitecture.EfiBc : ClientArchitecture.IntelX86Bios), server, client, Plan.BootLoader.Grub);
        }

        return null;
    }

    /// <summary>
    /// Who a per-client name means: by MAC, or by UUID (PXELINUX and GRUB try the UUID first) when a
    /// machine of the plan carries it. Other lookups (IP prefixes, default) are left to the root.
    /// </summary>
    private (PhysicalAddress Mac, Guid? Uuid, ClientArchitecture? Architecture)? Who(ConfigLookupKind kind, PhysicalAddress? mac, Guid? uuid)
    {
        if (kind == ConfigLookupKind.Mac && mac is not null)
        {
            var known = seen?.Find(mac);
            return (mac, known?.Uuid, known?.Architecture);
        }

        if (kind == ConfigLookupKind.Uuid && uuid is { } id && plans.Current.Find(null, id) is { } machine)
        {
            var known = seen?.FindByUuid(id);
            return (machine.Mac ?? known?.Mac ?? PhysicalAddress.None, id, known?.Architecture);
        }

        return null;
    }

    /// <summary>The iPXE script for a client, or null when the plan says nothing for it.</summary>
    public string? IpxeScript(PhysicalAddress mac, ClientArchitecture architecture, IPAddress server, IPAddress? client) =>
        RenderText(mac, seen?.Find(mac)?.Uuid, architecture, server, client, Plan.BootLoader.Ipxe);

    // A null byte[] (or a bare null next to a ReadOnlyMemory) converts to an empty ReadOnlyMemory, not to
    // null: that would serve an empty config to a client without a plan and end its loader's lookup there.
    private ReadOnlyMemory<byte>? Render(PhysicalAddress mac, Guid? uuid, ClientArchitecture architecture, IPAddress server, IPAddress? client, BootLoader loader) =>
        RenderText(mac, uuid, architecture, server, client, loader) is { } text ? Utf8.GetBytes(text) : default(ReadOnlyMemory<byte>?);

    private string? RenderText(PhysicalAddress mac, Guid? uuid, ClientArchitecture architecture, IPAddress server, IPAddress? client, BootLoader loader)
    {
        var bootClient = new BootClient(mac, uuid, architecture, FirmwareStage.Firmware, null);
        var current = plans.Current;
        var bootedOnce = once?.HasBooted(mac) == true;
        var plan = PlanResolver.Resolve(current, bootClient, new ResolveContext(server, httpPort) { ClientAddress = client, BootedOnce = bootedOnce }, loader);
        if (plan is not null && !bootedOnce && current.Find(mac, uuid) is { Once: true } machine)
        {
            // Handed its plan now: the next boot of a "once" machine goes to the local disk.
            once?.MarkBooted(mac, machine.Boot);
        }

        return plan is null ? null : Render(plan);
    }

    public static string Render(ClientPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Loader switch
        {
            BootLoader.Pxelinux => PxelinuxRenderer.Render(plan),
            BootLoader.Grub => GrubRenderer.Render(plan),
            _ => IpxeRenderer.Render(plan),
        };
    }
}
