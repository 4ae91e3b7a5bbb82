using PxeHost.Boot.Loaders;
using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot.Policy;

/// <summary>
/// The boot files given on the command line (or their defaults): firmware gets a network boot
/// program per architecture, or the PXE menu; a client already running iPXE gets the configured
/// script (never iPXE again, which would loop); HTTP Boot firmware gets a URL.
/// </summary>
public sealed class FlagsBootPolicy(BootOptions options, BootUrls urls) : IBootPolicy
{
    public BootOptions Options { get; } = options;

    public string Name => "flags";

    public ValueTask PrepareAsync(BootClient client, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public BootDecision Decide(BootClient client, IPAddress server)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Stage switch
        {
            FirmwareStage.Ipxe => ForIpxe(client, server),
            FirmwareStage.HttpBootFirmware => ForHttpBoot(client, server),
            FirmwareStage.Firmware => ForFirmware(client),
            _ => BootDecision.None("not a network-boot client (no PXEClient or HTTPClient vendor class)"),
        };
    }

    public BootDecision? ForMenuEntry(BootClient client, ushort type)
    {
        if (Options.Menu is not { } menu)
        {
            return null;
        }

        if (menu.Find(type) is not { } entry)
        {
            return BootDecision.None($"no PXE menu entry of type 0x{type:x4}");
        }

        return entry.IsLocalBoot || entry.BootFile is null
            ? BootDecision.None($"menu entry \"{entry.Title}\" is local boot")
            : new BootDecision(entry.BootFile, null, $"PXE menu entry \"{entry.Title}\"");
    }

    public ValueTask<string> IpxeScriptAsync(BootClient client, IPAddress server, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ValueTask.FromResult(IpxeScripts.NothingConfigured(BootUrls.MacPath(client.Mac), "this client runs iPXE and its boot file is iPXE itself"));
    }

    public string? Published(string relativePath) => null;

    public ReadOnlyMemory<byte>? Generate(string relativePath, IPAddress server, IPAddress? client) => null;

    private BootDecision ForFirmware(BootClient client)
    {
        if (Options.Menu is { } menu)
        {
            return new BootDecision(null, "PXEClient", $"PXE menu of {menu.Entries.Count} entries") { Menu = menu };
        }

        return BootFileFor(client.Architecture) is { } file
            ? new BootDecision(file, null, $"boot file for {client.Architecture.Words()}")
            : BootDecision.None($"no boot file for {client.Architecture.Words()} (architecture {(ushort)client.Architecture}); "
                + (client.Architecture == ClientArchitecture.EfiArm64 ? "set --arm64-bootfile" : "this firmware is not supported"));
    }

    private BootDecision ForIpxe(BootClient client, IPAddress server)
    {
        if (Options.IpxeScript is { } script)
        {
            var url = BootUrls.IsUrl(script) ? script : urls.HttpUrl(server, script);
            return new BootDecision(url, null, "iPXE gets the configured script");
        }

        var file = BootFileFor(client.Architecture);
        if (file is not null && !LoaderCatalog.IsIpxeBinary(file))
        {
            return new BootDecision(file, null, $"iPXE chains the boot file for {client.Architecture.Words()}");
        }

        // Handing iPXE another iPXE would loop forever; the generated script says what is missing.
        return new BootDecision(urls.ScriptUrl(client.Mac, server), null, "iPXE without a configured script: the generated script explains");
    }

    private BootDecision ForHttpBoot(BootClient client, IPAddress server)
    {
        if (Options.HttpBootUrl is { } configured)
        {
            return new BootDecision(configured, "HTTPClient", "HTTP Boot firmware gets the configured URL");
        }

        // HTTP Boot firmware names its CPU with the HTTP architecture types (16 x64, 19 arm64; 0 when it
        // named none). Only x64 and arm64 get a binary: x64 iPXE would not run on ia32, arm32 or arm64.
        var efi = client.Architecture switch
        {
            ClientArchitecture.EfiX64Http or ClientArchitecture.EfiX64 or ClientArchitecture.EfiBc or ClientArchitecture.IntelX86Bios => Options.UefiBootFile,
            ClientArchitecture.EfiArm64Http or ClientArchitecture.EfiArm64 => Options.Arm64BootFile,
            _ => null,
        };
        return efi is null
            ? BootDecision.None($"no HTTP boot file for {client.Architecture.Words()}; set --http-boot-url")
            : new BootDecision(urls.HttpUrl(server, efi), "HTTPClient", "HTTP Boot firmware gets the UEFI boot file over HTTP");
    }

    private string? BootFileFor(ClientArchitecture architecture) => architecture switch
    {
        ClientArchitecture.IntelX86Bios => Options.BiosBootFile,
        ClientArchitecture.EfiBc or ClientArchitecture.EfiX64 => Options.UefiBootFile,
        ClientArchitecture.EfiArm64 => Options.Arm64BootFile,
        _ => null,
    };
}
