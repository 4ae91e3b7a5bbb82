using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Protocol.Tftp;
using PxeHost.Tftp;

namespace PxeHost.Cli;

/// <summary><c>pxehost serve</c>: DHCP or proxyDHCP, TFTP and HTTP until Ctrl-C or SIGTERM; or files only with --no-dhcp.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Config = new("--config") { Description = "pxehost.yaml: profiles, menus, machines (reloaded when it changes), and defaults for these options." };
    private static readonly Option<string?> TftpRoot = new("--tftp-root") { Description = "Folder served over TFTP and HTTP (read-only)." };
    private static readonly Option<string> Listen = new("--listen") { Description = "Address to listen on with --no-dhcp.", DefaultValueFactory = _ => "0.0.0.0" };
    private static readonly Option<int> TftpPort = new("--tftp-port") { Description = "TFTP listening port.", DefaultValueFactory = _ => 69 };
    private static readonly Option<string?> PortRange = new("--tftp-port-range") { Description = "Ports transfers are sent from, FIRST:LAST (default: any)." };
    private static readonly Option<bool> NoDhcp = new("--no-dhcp") { Description = "Serve files only (TFTP, and HTTP with --http-port); no DHCP or proxyDHCP." };
    private static readonly Option<bool> CaseInsensitive = new("--tftp-case-insensitive") { Description = "Match file names ignoring case when the exact name is missing." };
    private static readonly Option<int> MaxBlockSize = new("--tftp-max-blksize") { Description = "Largest blksize granted (8-65464).", DefaultValueFactory = _ => 65464 };
    private static readonly Option<int> MaxWindowSize = new("--tftp-max-windowsize") { Description = "Largest windowsize granted (1-65535).", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Retries = new("--tftp-retries") { Description = "Retransmissions before a transfer is abandoned.", DefaultValueFactory = _ => 7 };
    private static readonly Option<int> MinTimeout = new("--tftp-min-timeout") { Description = "Floor of the adaptive retransmit timeout, in milliseconds.", DefaultValueFactory = _ => 20 };
    private static readonly Option<string?> BootFile = new("--bootfile") { Description = "Boot file for BIOS PXE clients (default undionly.kpxe)." };
    private static readonly Option<string?> UefiBootFile = new("--uefi-bootfile") { Description = "Boot file for UEFI x64 PXE clients (default snponly.efi)." };
    private static readonly Option<string?> Arm64BootFile = new("--arm64-bootfile") { Description = "Boot file for UEFI arm64 PXE clients." };
    private static readonly Option<string?> IpxeScript = new("--ipxe-script") { Description = "What clients already running iPXE get: a file under the TFTP root (served over HTTP) or a URL." };
    private static readonly Option<string?> HttpBootUrl = new("--http-boot-url") { Description = "URL for UEFI HTTP Boot firmware (default: the UEFI boot file over HTTP)." };
    private static readonly Option<string[]> PxeMenu = new("--pxe-menu") { Description = "PXE menu entry TITLE=BOOTFILE, or TITLE=local for the local disk (repeatable; PXE firmware shows the menu)." };
    private static readonly Option<string> PxePrompt = new("--pxe-prompt") { Description = "Prompt PXE firmware shows before the menu.", DefaultValueFactory = _ => "Press F8 for the boot menu" };
    private static readonly Option<int> PxeTimeout = new("--pxe-timeout") { Description = "Seconds the prompt waits before booting the first entry (0: at once, 255: wait for a key).", DefaultValueFactory = _ => 10 };
    private static readonly Option<string?> Api = new("--api") { Description = "API mode: ask this HTTP endpoint (GET URL/v1/boot/MAC?arch=N) what each machine boots." };
    private static readonly Option<int> ApiTimeout = new("--api-timeout") { Description = "Milliseconds the API may take before the configured plan is used.", DefaultValueFactory = _ => 2000 };
    private static readonly Option<LogLevel> LogLevelOption = new("--log-level") { Description = "Trace, Debug, Information, Warning, Error.", DefaultValueFactory = _ => LogLevel.Information };
    private static readonly NetworkBootOptions Network = new();

    public static Command Create()
    {
        var command = new Command("serve", "Serve network boots: DHCP (--dhcp-range) or proxyDHCP (--proxy) on --interface, with TFTP and HTTP; or files only (--no-dhcp).")
        {
            Config, TftpRoot, Listen, TftpPort, PortRange, NoDhcp, CaseInsensitive, MaxBlockSize, MaxWindowSize, Retries, MinTimeout,
            BootFile, UefiBootFile, Arm64BootFile, IpxeScript, HttpBootUrl, PxeMenu, PxePrompt, PxeTimeout, Api, ApiTimeout, LogLevelOption,
        };
        foreach (var option in Network.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var problems = new List<(string Key, string Reason)>();
        PxeHostConfig? config = null;
        if (parse.GetValue(Config) is { } configPath)
        {
            config = ConfigLoader.Load(configPath, out var errors);
            if (config is null)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync($"pxehost serve: {error}").ConfigureAwait(false);
                }

                return 2;
            }
        }

        var noDhcp = parse.GetValue(NoDhcp);
        DhcpServerOptions? dhcp = null;
        IReadOnlyList<LocalInterface> links = [];
        if (!noDhcp)
        {
            dhcp = Network.ToDhcpOptions(parse, problems, out links, config);
        }

        IPAddress? listen = null;
        if (noDhcp && !Ipv4.TryParse(parse.GetValue(Listen), out listen))
        {
            problems.Add(("listen", $"'{parse.GetValue(Listen)}' is not an IPv4 address"));
        }

        TftpPortRange? range = null;
        if (parse.GetValue(PortRange) is { } rangeText && !TftpPortRange.TryParse(rangeText, out range, out var rangeError))
        {
            problems.Add(("tftp-port-range", rangeError));
        }

        var bootloaders = SystemBootloaders.FoundFiles(SystemBootloaders.Discover());
        if (config is not null && !noDhcp)
        {
            // GRUB netboot images are built from the system's grub packages once, into the data folder.
            var grub = await GrubNetboot.BuildAsync(Path.Combine(dhcp!.DataDirectory, "cache"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken).ConfigureAwait(false);
            if (grub is not null)
            {
                bootloaders = bootloaders.Concat(grub.Files.Where(f => !bootloaders.ContainsKey(f.Key))).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            }
            else if (config.Plan.DefaultLoader == BootLoader.Grub || config.Plan.Machines.Any(m => m.Loader == BootLoader.Grub))
            {
                problems.Add(("config", "the plan uses GRUB, but GRUB netboot images cannot be built: apt-get install grub-pc-bin grub-efi-amd64-bin grub-common"));
            }
        }

        var root = parse.GetValue(TftpRoot) ?? config?.TftpRoot;
        root = string.IsNullOrWhiteSpace(root) ? null : root;
        var systemFiles = noDhcp ? new Dictionary<string, string>() : bootloaders;
        if (root is null && systemFiles.Count == 0)
        {
            problems.Add(("tftp-root", "is required"));
        }
        else if (root is not null && !Directory.Exists(root))
        {
            problems.Add(("tftp-root", $"'{root}' is not an existing directory"));
        }

        var tftp = new TftpServerOptions
        {
            ListenAddress = noDhcp ? listen ?? IPAddress.Any : ServerHost.TftpAddressFor(links),
            Port = parse.GetValue(TftpPort),
            PortRange = range,
            MaxRetries = parse.GetValue(Retries),
            MinTimeout = TimeSpan.FromMilliseconds(parse.GetValue(MinTimeout)),
            Limits = new TftpNegotiationLimits
            {
                MaxBlockSize = parse.GetValue(MaxBlockSize),
                MaxWindowSize = parse.GetValue(MaxWindowSize),
            },
        };
        problems.AddRange(TftpServerOptionsValidator.Validate(tftp));
        var boot = new BootOptions
        {
            BiosBootFile = parse.GetValue(BootFile) ?? "undionly.kpxe",
            UefiBootFile = parse.GetValue(UefiBootFile) ?? "snponly.efi",
            Arm64BootFile = parse.GetValue(Arm64BootFile),
            IpxeScript = parse.GetValue(IpxeScript),
            HttpBootUrl = parse.GetValue(HttpBootUrl),
            HttpPort = parse.GetResult(Network.HttpPort) is { Implicit: false } || config?.HttpPort is null ? parse.GetValue(Network.HttpPort) : config.HttpPort.Value,
            Menu = ParseMenu(parse, problems),
            ApiUrl = ParseApi(parse, problems),
        };
        if (await Report(problems).ConfigureAwait(false))
        {
            return 2;
        }

        var plans = config is null ? null : new PlanSource(config.Plan);
        var once = plans is null || dhcp is null ? null : new BootOnceRecord(Path.Combine(dhcp.DataDirectory, "boot-once.txt"));
        var seen = new SeenClients();
        var bootFiles = plans is null ? null : new PlanBootFiles(plans, boot.HttpPort, once, seen);
        var files = FileChain.Create(root, parse.GetValue(CaseInsensitive), systemFiles, bootFiles);
        var http = noDhcp && parse.GetResult(Network.HttpPort) is null or { Implicit: true } ? null : new HttpBootOptions
        {
            ApiTimeout = TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(ApiTimeout))),
            Port = boot.HttpPort,
            ListenAddresses = noDhcp ? [listen!] : links.Select(l => l.Address).ToArray(),
        };
        var watch = config is null ? null : new ServerHost.ConfigWatch(parse.GetValue(Config)!, config, plans!);
        return await ServerHost.RunAsync("serve", tftp, files, dhcp, http, new BootPlanner(boot, plans), parse.GetValue(LogLevelOption), cancellationToken, watch, seen, bootFiles).ConfigureAwait(false);
    }

    private static Uri? ParseApi(ParseResult parse, List<(string Key, string Reason)> problems)
    {
        if (parse.GetValue(Api) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        problems.Add(("api", $"'{text}' is not an http(s) URL"));
        return null;
    }

    /// <summary>"TITLE=FILE" entries numbered from 0x8001 (the vendor range); "TITLE=local" is type 0, the local disk.</summary>
    private static Boot.PxeMenu? ParseMenu(ParseResult parse, List<(string Key, string Reason)> problems)
    {
        var texts = parse.GetValue(PxeMenu) ?? [];
        if (texts.Length == 0)
        {
            return null;
        }

        var entries = new List<PxeMenuEntry>();
        foreach (var text in texts)
        {
            var parts = text.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                problems.Add(("pxe-menu", $"'{text}' is not TITLE=BOOTFILE or TITLE=local"));
                continue;
            }

            var local = parts[1].Equals("local", StringComparison.OrdinalIgnoreCase);
            entries.Add(new PxeMenuEntry(local ? PxeMenuEntry.LocalBootType : (ushort)(0x8001 + entries.Count(e => !e.IsLocalBoot)), parts[0], local ? null : parts[1]));
        }

        var timeout = parse.GetValue(PxeTimeout);
        if (timeout is < 0 or > 255)
        {
            problems.Add(("pxe-timeout", $"{timeout} is outside 0-255 seconds"));
        }

        var prompt = parse.GetValue(PxePrompt) ?? string.Empty;
        if (prompt.Length > 200)
        {
            problems.Add(("pxe-prompt", "is longer than 200 characters"));
        }

        return new Boot.PxeMenu(prompt, (byte)Math.Clamp(timeout, 0, 255), entries);
    }

    internal static async Task<bool> Report(List<(string Key, string Reason)> problems, string command = "serve")
    {
        foreach (var (key, reason) in problems)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: --{key}: {reason}").ConfigureAwait(false);
        }

        return problems.Count > 0;
    }
}
