using System.Net;
using PxeHost.Boot.Loaders;
using PxeHost.Boot.Plan;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot.Policy;

/// <summary>
/// Quick mode (<c>pxehost boot</c>): every client, BIOS or UEFI, gets iPXE and then exactly this kernel
/// and these initrds over HTTP, published at <c>quick/N/NAME</c> (0 is the kernel).
/// </summary>
public sealed class QuickBootPolicy : IBootPolicy
{
    private readonly BootUrls _urls;
    private readonly Dictionary<string, string> _files;

    public QuickBootPolicy(QuickBoot quick, BootUrls urls)
    {
        ArgumentNullException.ThrowIfNull(quick);
        Quick = quick;
        _urls = urls;
        _files = new[] { quick.Kernel }.Concat(quick.Initrds)
            .Select((file, index) => (Path: IpxeScripts.QuickPath(index, file), File: file))
            .ToDictionary(f => f.Path, f => f.File, StringComparer.Ordinal);
    }

    public QuickBoot Quick { get; }

    public string Name => "quick";

    public ValueTask PrepareAsync(BootClient client, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public BootDecision Decide(BootClient client, IPAddress server)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Stage switch
        {
            FirmwareStage.Ipxe => new BootDecision(_urls.ScriptUrl(client.Mac, server), null, "quick mode: iPXE gets its script over HTTP"),
            // HTTP Boot firmware that names no architecture (0) is taken as x64: HTTP Boot is UEFI only.
            FirmwareStage.HttpBootFirmware => Ipxe(client.Architecture == ClientArchitecture.IntelX86Bios ? ClientArchitecture.EfiX64Http : client.Architecture) is { } efi
                ? new BootDecision(_urls.HttpUrl(server, efi), "HTTPClient", "HTTP Boot firmware gets the UEFI boot file over HTTP")
                : BootDecision.None($"no HTTP boot file for {client.Architecture.Words()}; set --http-boot-url"),
            FirmwareStage.Firmware => Ipxe(client.Architecture) is { } file
                ? new BootDecision(file, null, $"quick mode: iPXE first ({client.Architecture.Words()})")
                : BootDecision.None($"quick mode has no iPXE for {client.Architecture.Words()}"),
            _ => BootDecision.None("not a network-boot client (no PXEClient or HTTPClient vendor class)"),
        };
    }

    public BootDecision? ForMenuEntry(BootClient client, ushort type) => null;

    public ValueTask<string> IpxeScriptAsync(BootClient client, IPAddress server, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        ValueTask.FromResult(IpxeScripts.Quick(Quick, path => _urls.HttpUrl(server, path)));

    public string? Published(string relativePath) => _files.GetValueOrDefault(relativePath);

    public ReadOnlyMemory<byte>? Generate(string relativePath, IPAddress server, IPAddress? client) => null;

    private static string? Ipxe(ClientArchitecture architecture) => LoaderCatalog.NetworkBootProgram(BootLoader.Ipxe, architecture)?.Name;
}
