using PxeHost.Boot.Loaders;
using System.Net;
using System.Net.NetworkInformation;
using System.Text;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Render;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot.Policy;

/// <summary>
/// The plan of pxehost.yaml: machines it names (and the rest, when it has a default) boot their
/// profile or menu through the loader it gives them — the first stage in DHCP, then the configuration
/// rendered for them (<c>pxelinux.cfg/01-MAC</c>, <c>grub.cfg-01-MAC</c>, <c>boot/MAC.ipxe</c>).
/// Machines it says nothing about go to <paramref name="fallback"/>.
/// </summary>
public sealed class PlanBootPolicy(PlanSource plans, BootUrls urls, IBootPolicy fallback, BootOnceRecord? once = null, SeenClients? seen = null) : IBootPolicy
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public PlanSource Plans { get; } = plans;

    public string Name => "plan";

    public ValueTask PrepareAsync(BootClient client, CancellationToken cancellationToken) => fallback.PrepareAsync(client, cancellationToken);

    public BootDecision Decide(BootClient client, IPAddress server)
    {
        ArgumentNullException.ThrowIfNull(client);
        var plan = Plans.Current;
        var machine = plan.Find(client.Mac, client.Uuid);
        if (client.Stage == FirmwareStage.NotBooting || (machine?.Boot ?? plan.DefaultBoot) is not { } planned)
        {
            return fallback.Decide(client, server);
        }

        var loader = machine?.Loader ?? plan.DefaultLoader;
        var reason = $"plan '{planned}' with {loader}";
        if (loader == BootLoader.Ipxe && client.Stage == FirmwareStage.Ipxe)
        {
            return new BootDecision(urls.ScriptUrl(client, server), null, reason + ": iPXE gets its script");
        }

        // HTTP Boot is UEFI only: firmware that names no architecture (0) is taken as x64.
        var architecture = client.Stage == FirmwareStage.HttpBootFirmware && client.Architecture == ClientArchitecture.IntelX86Bios
            ? ClientArchitecture.EfiX64Http
            : client.Architecture;
        var file = LoaderCatalog.NetworkBootProgram(loader, architecture)?.Name;
        if (file is null)
        {
            return BootDecision.None($"{reason}: no {loader} for {client.Architecture.Words()}");
        }

        return client.Stage == FirmwareStage.HttpBootFirmware
            ? new BootDecision(urls.HttpUrl(server, file), "HTTPClient", reason + ": HTTP Boot firmware gets the loader over HTTP")
            : new BootDecision(file, null, reason);
    }

    public BootDecision? ForMenuEntry(BootClient client, ushort type) => fallback.ForMenuEntry(client, type);

    public async ValueTask<string> IpxeScriptAsync(BootClient client, IPAddress server, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var uuid = client.Uuid ?? seen?.Find(client.Mac)?.Uuid;
        return RenderText(client.Mac, uuid, client.Architecture, server, clientAddress, BootLoader.Ipxe)
            ?? await fallback.IpxeScriptAsync(client, server, clientAddress, cancellationToken).ConfigureAwait(false);
    }

    public string? Published(string relativePath) => Plans.PublishedFiles.GetValueOrDefault(relativePath) ?? fallback.Published(relativePath);

    public ReadOnlyMemory<byte>? Generate(string relativePath, IPAddress server, IPAddress? client)
    {
        if (PxelinuxConfigNames.TryParse(relativePath, out var pxelinux) && Who(pxelinux.Kind, pxelinux.Mac, pxelinux.Uuid) is { } p)
        {
            // syslinux.efi reads its configuration under the folder it was loaded from (efi64/).
            var uefi = pxelinux.Directory.Contains("efi", StringComparison.OrdinalIgnoreCase);
            return Render(p.Mac, p.Uuid, p.Architecture ?? (uefi ? ClientArchitecture.EfiBc : ClientArchitecture.IntelX86Bios), server, client, BootLoader.Pxelinux);
        }

        if (GrubConfigNames.TryParse(relativePath, out var grub) && Who(grub.Kind, grub.Mac, grub.Uuid) is { } g)
        {
            // BIOS and UEFI GRUB ask for the same names: the architecture comes from the client's DHCP request.
            var uefi = grub.Directory.Contains("efi", StringComparison.OrdinalIgnoreCase);
            return Render(g.Mac, g.Uuid, g.Architecture ?? (uefi ? ClientArchitecture.EfiBc : ClientArchitecture.IntelX86Bios), server, client, BootLoader.Grub);
        }

        return fallback.Generate(relativePath, server, client);
    }

    /// <summary>The configuration text the plan renders for this client and loader, or null when it says nothing for it.</summary>
    public string? RenderText(PhysicalAddress mac, Guid? uuid, ClientArchitecture architecture, IPAddress server, IPAddress? client, BootLoader loader)
    {
        var bootClient = new BootClient(mac, uuid, architecture, FirmwareStage.Firmware, null);
        var current = Plans.Current;
        var bootedOnce = once?.HasBooted(mac) == true;
        var plan = PlanResolver.Resolve(current, bootClient, new ResolveContext(server, urls.HttpPort) { ClientAddress = client, BootedOnce = bootedOnce }, loader);
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

        if (kind == ConfigLookupKind.Uuid && uuid is { } id && Plans.Current.Find(null, id) is { } machine)
        {
            var known = seen?.FindByUuid(id);
            return (machine.Mac ?? known?.Mac ?? PhysicalAddress.None, id, known?.Architecture);
        }

        return null;
    }

    // A null byte[] (or a bare null next to a ReadOnlyMemory) converts to an empty ReadOnlyMemory, not to
    // null: that would serve an empty config to a client without a plan and end its loader's lookup there.
    private ReadOnlyMemory<byte>? Render(PhysicalAddress mac, Guid? uuid, ClientArchitecture architecture, IPAddress server, IPAddress? client, BootLoader loader) =>
        RenderText(mac, uuid, architecture, server, client, loader) is { } text ? Utf8.GetBytes(text) : default(ReadOnlyMemory<byte>?);
}
