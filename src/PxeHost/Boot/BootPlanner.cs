using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot;

/// <summary>
/// The boot decision as a pure function of the client (architecture, firmware stage) and the
/// server's address: firmware gets a network boot program, a client already running iPXE gets a
/// script over HTTP (never iPXE again, which would loop), HTTP Boot firmware gets a URL.
/// </summary>
public sealed class BootPlanner(BootOptions options, Plan.PlanSource? plans = null)
{
    public BootOptions Options { get; } = options;

    /// <summary>The boot plan of pxehost.yaml, when one is loaded: it decides for the machines it names (and the rest when it has a default).</summary>
    public Plan.PlanSource? Plans { get; } = plans;

    public BootDecision Decide(BootClient client, IPAddress server)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (Options.Quick is null && Options.ApiUrl is not null && client.Stage != FirmwareStage.NotBooting)
        {
            // The API is asked when iPXE fetches its script (HTTP, asynchronous), never on the DHCP path.
            return FromPlan(client, server, Plan.BootLoader.Ipxe, $"api {Options.ApiUrl.Host}");
        }

        if (Options.Quick is null && client.Stage != FirmwareStage.NotBooting && Plans?.Current is { } plan
            && (plan.Find(client.Mac, client.Uuid) is { } machine ? machine.Boot ?? plan.DefaultBoot : plan.DefaultBoot) is { } planned)
        {
            var loader = plan.Find(client.Mac, client.Uuid)?.Loader ?? plan.DefaultLoader;
            return FromPlan(client, server, loader, planned);
        }

        return client.Stage switch
        {
            FirmwareStage.Ipxe => ForIpxe(client, server),
            FirmwareStage.HttpBootFirmware => ForHttpBoot(client, server),
            FirmwareStage.Firmware => ForFirmware(client),
            _ => BootDecision.None("not a network-boot client (no PXEClient or HTTPClient vendor class)"),
        };
    }

    /// <summary>The per-client iPXE script's URL: <c>http://SERVER[:PORT]/boot/52-54-00-12-34-56.ipxe</c>.</summary>
    public string ScriptUrl(PhysicalAddress mac, IPAddress server) => HttpUrl(server, $"boot/{MacPath(mac)}.ipxe");

    /// <summary>The script URL with the client's architecture, which the plan needs (memtest, local boot differ on UEFI).</summary>
    public string ScriptUrl(BootClient client, IPAddress server) =>
        HttpUrl(server, string.Create(CultureInfo.InvariantCulture, $"boot/{MacPath(client.Mac)}.ipxe?arch={(ushort)client.Architecture}"));

    /// <summary>
    /// The first stage of the loader the plan chose: iPXE gets its rendered script; PXELINUX and GRUB
    /// are handed to PXE firmware (and to an iPXE ROM, which chains them) and then read their
    /// rendered configuration by TFTP.
    /// </summary>
    private BootDecision FromPlan(BootClient client, IPAddress server, Plan.BootLoader loader, string planned)
    {
        var reason = $"plan '{planned}' with {loader}";
        if (loader == Plan.BootLoader.Ipxe && client.Stage == FirmwareStage.Ipxe)
        {
            return new BootDecision(ScriptUrl(client, server), null, reason + ": iPXE gets its script");
        }

        // HTTP Boot is UEFI only: firmware that names no architecture (0) is taken as x64, as ForHttpBoot does.
        var architecture = client.Stage == FirmwareStage.HttpBootFirmware && client.Architecture == ClientArchitecture.IntelX86Bios
            ? ClientArchitecture.EfiX64Http
            : client.Architecture;
        var file = LoaderFile(loader, architecture);
        if (file is null)
        {
            return BootDecision.None($"{reason}: no {loader} for architecture {client.Architecture}");
        }

        return client.Stage == FirmwareStage.HttpBootFirmware
            ? new BootDecision(HttpUrl(server, file), "HTTPClient", reason + ": HTTP Boot firmware gets the loader over HTTP")
            : new BootDecision(file, null, reason);
    }

    /// <summary>Each loader's network boot program per firmware, from the loader catalog.</summary>
    public static string? LoaderFile(Plan.BootLoader loader, ClientArchitecture architecture) =>
        Loaders.LoaderCatalog.NetworkBootProgram(loader, architecture)?.Name;

    public string HttpUrl(IPAddress server, string path) =>
        Options.HttpPort == 80
            ? $"http://{server}/{path.TrimStart('/')}"
            : string.Create(CultureInfo.InvariantCulture, $"http://{server}:{Options.HttpPort}/{path.TrimStart('/')}");

    public static string MacPath(PhysicalAddress mac) =>
        Storage.MacAddressText.Format(mac ?? PhysicalAddress.None).Replace(':', '-');

    /// <summary>The file for the menu entry a client chose on port 4011 (PXE boot server discovery).</summary>
    public BootDecision ForMenuEntry(ushort type)
    {
        if (Options.Menu?.Find(type) is not { } entry)
        {
            return BootDecision.None($"no PXE menu entry of type 0x{type:x4}");
        }

        return entry.IsLocalBoot || entry.BootFile is null
            ? BootDecision.None($"menu entry \"{entry.Title}\" is local boot")
            : new BootDecision(entry.BootFile, null, $"PXE menu entry \"{entry.Title}\"");
    }

    private BootDecision ForFirmware(BootClient client)
    {
        if (Options.Menu is { } menu)
        {
            return new BootDecision(null, "PXEClient", $"PXE menu of {menu.Entries.Count} entries") { Menu = menu };
        }

        if (Options.Quick is not null)
        {
            return BootFileFor(client.Architecture, "undionly.kpxe", "snponly.efi", null) is { } quick
                ? new BootDecision(quick, null, $"quick mode: iPXE first ({client.Architecture})")
                : BootDecision.None($"quick mode has no iPXE for architecture {client.Architecture}");
        }

        return BootFileFor(client.Architecture, Options.BiosBootFile, Options.UefiBootFile, Options.Arm64BootFile) is { } file
            ? new BootDecision(file, null, $"boot file for {client.Architecture}")
            : BootDecision.None($"no boot file for architecture {client.Architecture} ({(ushort)client.Architecture}); "
                + (client.Architecture == ClientArchitecture.EfiArm64 ? "set --arm64-bootfile" : "this firmware is not supported"));
    }

    private BootDecision ForIpxe(BootClient client, IPAddress server)
    {
        if (Options.Quick is not null)
        {
            return new BootDecision(ScriptUrl(client.Mac, server), null, "quick mode: iPXE gets its script over HTTP");
        }

        if (Options.IpxeScript is { } script)
        {
            var url = IsUrl(script) ? script : HttpUrl(server, script);
            return new BootDecision(url, null, "iPXE gets the configured script");
        }

        var file = BootFileFor(client.Architecture, Options.BiosBootFile, Options.UefiBootFile, Options.Arm64BootFile);
        if (file is not null && !Loaders.LoaderCatalog.IsIpxeBinary(file))
        {
            return new BootDecision(file, null, $"iPXE chains the boot file for {client.Architecture}");
        }

        // Handing iPXE another iPXE would loop forever; the generated script says what is missing.
        return new BootDecision(ScriptUrl(client.Mac, server), null, "iPXE without a configured script: the generated script explains");
    }

    private BootDecision ForHttpBoot(BootClient client, IPAddress server)
    {
        if (Options.HttpBootUrl is { } configured)
        {
            return new BootDecision(configured, "HTTPClient", "HTTP Boot firmware gets the configured URL");
        }

        var efi = HttpBootFileFor(client.Architecture);
        return efi is null
            ? BootDecision.None($"no HTTP boot file for architecture {client.Architecture}; set --http-boot-url")
            : new BootDecision(HttpUrl(server, efi), "HTTPClient", "HTTP Boot firmware gets the UEFI boot file over HTTP");
    }

    /// <summary>
    /// HTTP Boot firmware names its CPU with the HTTP architecture types (16 x64, 19 arm64; 0 when it
    /// named none). Only x64 and arm64 get a binary: x64 iPXE would not run on ia32, arm32 or arm64.
    /// </summary>
    private string? HttpBootFileFor(ClientArchitecture architecture) => architecture switch
    {
        ClientArchitecture.EfiX64Http or ClientArchitecture.EfiX64 or ClientArchitecture.EfiBc or ClientArchitecture.IntelX86Bios
            => Options.Quick is not null ? "snponly.efi" : Options.UefiBootFile,
        ClientArchitecture.EfiArm64Http or ClientArchitecture.EfiArm64 => Options.Quick is not null ? null : Options.Arm64BootFile,
        _ => null,
    };

    private static string? BootFileFor(ClientArchitecture architecture, string bios, string uefi64, string? arm64) => architecture switch
    {
        ClientArchitecture.IntelX86Bios => bios,
        ClientArchitecture.EfiBc or ClientArchitecture.EfiX64 => uefi64,
        ClientArchitecture.EfiArm64 => arm64,
        _ => null,
    };

    private static bool IsUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
