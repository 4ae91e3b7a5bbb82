using System.CommandLine;
using System.Net;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Http;
using PxeHost.Iso;
using PxeHost.Protocol.Tftp;
using PxeHost.Tftp;

namespace PxeHost.Cli;

/// <summary>
/// The options of <c>serve</c> — also taken by <c>explain</c>, so that it answers what serve would
/// send — parsed into the library's <see cref="PxeHostOptions"/>, every problem collected as (key, reason).
/// </summary>
internal sealed class ServeOptions
{
    public Option<string?> Config { get; } = new("--config") { HelpName = "FILE", Description = "pxehost.yaml: profiles, menus, machines (reloaded when it changes), and defaults for these options." };

    public Option<string?> TftpRoot { get; } = new("--tftp-root") { HelpName = "DIR", Description = "Folder served over TFTP and HTTP (read-only)." };

    public Option<string> Listen { get; } = new("--listen") { HelpName = "ADDRESS", Description = "Address to listen on with --no-dhcp.", DefaultValueFactory = _ => "0.0.0.0" };

    public Option<int> TftpPort { get; } = new("--tftp-port") { HelpName = "PORT", Description = "TFTP listening port.", DefaultValueFactory = _ => 69 };

    public Option<string?> PortRange { get; } = new("--tftp-port-range") { HelpName = "FIRST:LAST", Description = "Ports transfers are sent from, FIRST:LAST (default: any)." };

    public Option<bool> NoDhcp { get; } = new("--no-dhcp") { Description = "Serve files only (TFTP, and HTTP with --http-port); no DHCP or proxyDHCP. Instead of --dhcp-range or --proxy." };

    public Option<bool> CaseInsensitive { get; } = new("--tftp-case-insensitive") { Description = "Match file names ignoring case when the exact name is missing." };

    public Option<int> MaxBlockSize { get; } = new("--tftp-max-blksize") { HelpName = "BYTES", Description = "Largest blksize granted (8-65464).", DefaultValueFactory = _ => 65464 };

    public Option<int> MaxWindowSize { get; } = new("--tftp-max-windowsize") { HelpName = "BLOCKS", Description = "Largest windowsize granted (1-65535).", DefaultValueFactory = _ => 64 };

    public Option<int> Retries { get; } = new("--tftp-retries") { HelpName = "N", Description = "Retransmissions before a transfer is abandoned.", DefaultValueFactory = _ => 7 };

    public Option<int> MinTimeout { get; } = new("--tftp-min-timeout") { HelpName = "MS", Description = "Floor of the adaptive retransmit timeout, in milliseconds.", DefaultValueFactory = _ => 20 };

    public Option<int> MaxTransfersPerClient { get; } = new("--tftp-max-transfers-per-client")
    {
        HelpName = "N",
        Description = "TFTP transfers one client address may have under way; more get a busy error.",
        DefaultValueFactory = _ => new TftpServerOptions().MaxTransfersPerClient,
    };

    public Option<string?> BootFile { get; } = new("--bootfile") { HelpName = "FILE", Description = "Boot file for BIOS PXE clients (default undionly.kpxe)." };

    public Option<string?> UefiBootFile { get; } = new("--uefi-bootfile") { HelpName = "FILE", Description = "Boot file for UEFI x64 PXE clients (default snponly.efi)." };

    public Option<string?> Arm64BootFile { get; } = new("--arm64-bootfile") { HelpName = "FILE", Description = "Boot file for UEFI arm64 PXE clients." };

    public Option<string?> IpxeScript { get; } = new("--ipxe-script") { HelpName = "FILE|URL", Description = "What clients already running iPXE get: a file under the TFTP root (served over HTTP) or a URL." };

    public Option<string?> HttpBootUrl { get; } = new("--http-boot-url") { HelpName = "URL", Description = "URL for UEFI HTTP Boot firmware (default: the UEFI boot file over HTTP)." };

    public Option<string[]> PxeMenu { get; } = new("--pxe-menu") { HelpName = "TITLE=FILE|local", Description = "PXE menu entry TITLE=BOOTFILE, or TITLE=local for the local disk (repeatable; PXE firmware shows the menu)." };

    public Option<string> PxePrompt { get; } = new("--pxe-prompt") { HelpName = "TEXT", Description = "Prompt PXE firmware shows before the menu.", DefaultValueFactory = _ => "Press F8 for the boot menu" };

    public Option<int> PxeTimeout { get; } = new("--pxe-timeout") { HelpName = "SECONDS", Description = "Seconds the prompt waits before booting the first entry (0: at once, 255: wait for a key).", DefaultValueFactory = _ => 10 };

    public Option<string?> Api { get; } = new("--api") { HelpName = "URL", Description = "API mode: ask this HTTP endpoint (GET URL/v1/boot/MAC?arch=N) what each machine boots." };

    public Option<int> ApiTimeout { get; } = new("--api-timeout") { HelpName = "MS", Description = "Milliseconds the API may take before the configured plan is used.", DefaultValueFactory = _ => 2000 };

    public Option<string?> AdminTokenFile { get; } = new("--admin-token-file")
    {
        HelpName = "FILE",
        Description = "The web API's admin token (Authorization: Bearer) for state changes, read from FILE. Default: generated at first start and kept in DATA_DIR/admin-token (mode 0600).",
    };

    public NetworkBootOptions Network { get; } = new();

    /// <summary>What the options are parsed for: a server to run, or one to describe.</summary>
    internal enum Use
    {
        Serve,
        Explain,
    }

    /// <summary>Adds every option to <paramref name="command"/> (serve, explain).</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        return command;
    }

    public IEnumerable<Option> All =>
    [
        Config, TftpRoot, Listen, TftpPort, PortRange, NoDhcp, CaseInsensitive, MaxBlockSize, MaxWindowSize, Retries, MinTimeout, MaxTransfersPerClient,
        BootFile, UefiBootFile, Arm64BootFile, IpxeScript, HttpBootUrl, PxeMenu, PxePrompt, PxeTimeout, Api, ApiTimeout, AdminTokenFile, .. Network.All,
    ];

    /// <summary>
    /// The server these options describe, or null with every problem in <paramref name="problems"/>
    /// (configuration errors already printed as file:line). For <see cref="Use.Serve"/> GRUB's netboot
    /// images are built when the plan needs them; <see cref="Use.Explain"/> builds nothing, needs no
    /// file to serve, and without an interface describes a server that only answers like a proxy.
    /// </summary>
    public async Task<PxeHostOptions?> ToPxeHostOptionsAsync(ParseResult parse, string command, List<(string Key, string Reason)> problems, Use use, CancellationToken cancellationToken)
    {
        // The images are known before the plan is read: its profiles may name their entries.
        var images = new IsoCatalog(IsoReaders.Library(parse.GetValue(Network.DataDir)!));
        try
        {
            // An image not indexed yet is hashed whole before serving starts (a DVD takes seconds): say so, once per image.
            images.Refresh(new IndexingNotice(Console.Error, command), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(("data-dir", $"the images in {images.Library.Folder} cannot be read: {e.Message}"));
        }

        PxeHostConfig? config = null;
        if (parse.GetValue(Config) is { } configPath)
        {
            config = ConfigLoader.Load(configPath, out var errors, images.Find);
            if (config is null)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync($"pxehost {command}: {error}").ConfigureAwait(false);
                }

                return null;
            }
        }

        // explain without any interface answers like a proxy: what the boot policy says, no address.
        var noDhcp = parse.GetValue(NoDhcp)
            || (use == Use.Explain && parse.GetValue(Network.Interfaces) is not { Length: > 0 } && config?.Interfaces is not { Count: > 0 });
        DhcpServerOptions? dhcp = null;
        IReadOnlyList<LocalInterface> links = [];
        if (!noDhcp)
        {
            dhcp = Network.ToDhcpOptions(parse, problems, out links, config, filesOnly: true);
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

        var bootloaders = noDhcp && use == Use.Serve
            ? new Dictionary<string, string>()
            : await Bootloaders(config, dhcp, use, problems, cancellationToken).ConfigureAwait(false);
        var root = parse.GetValue(TftpRoot) ?? config?.TftpRoot;
        root = string.IsNullOrWhiteSpace(root) ? null : root;
        if (root is null && bootloaders.Count == 0 && use == Use.Serve)
        {
            problems.Add(("tftp-root", "is required"));
        }
        else if (root is not null && !Directory.Exists(root))
        {
            problems.Add(("tftp-root", Unix.UnixOwnership.IsOutOfReach(root)
                ? $"'{root}' is out of reach of the server's user {Unix.UnixAccount.Current}: chmod o+x the folders above it, or --user root"
                : $"'{root}' is not an existing directory"));
        }

        var tftp = new TftpServerOptions
        {
            ListenAddresses = noDhcp ? [listen ?? IPAddress.Any] : ServerHost.TftpAddressesFor(links),
            Port = parse.GetValue(TftpPort),
            PortRange = range,
            MaxRetries = parse.GetValue(Retries),
            MinTimeout = TimeSpan.FromMilliseconds(parse.GetValue(MinTimeout)),
            MaxTransfersPerClient = parse.GetValue(MaxTransfersPerClient),
            Limits = new TftpNegotiationLimits
            {
                MaxBlockSize = parse.GetValue(MaxBlockSize),
                MaxWindowSize = parse.GetValue(MaxWindowSize),
            },
        };
        problems.AddRange(TftpServerOptionsValidator.Validate(tftp));
        var httpPort = parse.GetResult(Network.HttpPort) is { Implicit: false } || config?.HttpPort is null ? parse.GetValue(Network.HttpPort) : config.HttpPort.Value;
        var boot = new BootOptions
        {
            BiosBootFile = parse.GetValue(BootFile) ?? "undionly.kpxe",
            UefiBootFile = parse.GetValue(UefiBootFile) ?? "snponly.efi",
            Arm64BootFile = parse.GetValue(Arm64BootFile),
            IpxeScript = parse.GetValue(IpxeScript),
            HttpBootUrl = parse.GetValue(HttpBootUrl),
            Menu = ParseMenu(parse, problems),
        };
        var api = ParseApi(parse, problems);
        var tokenFile = parse.GetValue(AdminTokenFile);
        if (tokenFile is not null && !File.Exists(tokenFile))
        {
            problems.Add(("admin-token-file", $"'{tokenFile}' is not an existing file"));
        }

        if (problems.Count > 0 || !await FilesServed(config, use, root, parse.GetValue(CaseInsensitive), bootloaders, command).ConfigureAwait(false))
        {
            return null;
        }

        var http = noDhcp && parse.GetResult(Network.HttpPort) is null or { Implicit: true } ? null : new HttpBootOptions
        {
            Port = httpPort,
            ListenAddresses = noDhcp ? [listen!] : links.Select(l => l.Address).ToArray(),
            AdminTokenFile = tokenFile,
        };
        return new PxeHostOptions
        {
            Tftp = tftp,
            Files = new FileTreeOptions { Root = root, CaseInsensitive = parse.GetValue(CaseInsensitive), SystemFiles = bootloaders },
            Dhcp = dhcp,
            Http = http,
            HttpPort = httpPort,
            Boot = boot,
            Api = api,
            Config = config,
            DataDirectory = dhcp?.DataDirectory,
            // Files only (beside another PXE server): the data folder's images are served when it has an isos/ folder;
            // nothing is made in a data folder the admin did not ask for.
            Images = dhcp is not null || Directory.Exists(images.Library.Folder) ? images : null,
            ImageMenu = config is null && boot.Menu is null && parse.GetValue(BootFile) is null && parse.GetValue(UefiBootFile) is null
                && parse.GetValue(Arm64BootFile) is null && boot.IpxeScript is null && boot.HttpBootUrl is null,
            DhcpFlags = noDhcp ? DhcpSettings.None : Network.Flags(parse, []),
            Interfaces = links,
        };
    }

    /// <summary>serve refuses a plan naming kernels or initrds it could not serve, printed as file:line like the file's other errors.</summary>
    private static async Task<bool> FilesServed(PxeHostConfig? config, Use use, string? root, bool caseInsensitive, IReadOnlyDictionary<string, string> bootloaders, string command)
    {
        if (config is null || use != Use.Serve)
        {
            return true;
        }

        var missing = PlanFileCheck.For(new FileTreeOptions { Root = root, CaseInsensitive = caseInsensitive, SystemFiles = bootloaders }).Check(config);
        foreach (var error in missing)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: {error}").ConfigureAwait(false);
        }

        return missing.Count == 0;
    }

    private static async Task<IReadOnlyDictionary<string, string>> Bootloaders(
        PxeHostConfig? config, DhcpServerOptions? dhcp, Use use, List<(string Key, string Reason)> problems, CancellationToken cancellationToken)
    {
        var bootloaders = SystemBootloaders.FoundFiles(SystemBootloaders.Discover());
        if (config is null || dhcp is null || use != Use.Serve)
        {
            return bootloaders;
        }

        // GRUB netboot images are built from the system's grub packages once, into the data folder.
        var grub = await GrubNetboot.BuildAsync(Path.Combine(dhcp.DataDirectory, "cache"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        if (grub is not null)
        {
            return bootloaders.Concat(grub.Files.Where(f => !bootloaders.ContainsKey(f.Key))).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        }

        if (config.Plan.DefaultLoader == BootLoader.Grub || config.Plan.Machines.Any(m => m.Loader == BootLoader.Grub))
        {
            problems.Add(("config", "the plan uses GRUB, but GRUB netboot images cannot be built: apt-get install grub-pc-bin grub-efi-amd64-bin grub-common"));
        }

        return bootloaders;
    }

    private BootApiOptions? ParseApi(ParseResult parse, List<(string Key, string Reason)> problems)
    {
        if (parse.GetValue(Api) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new BootApiOptions(uri, TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(ApiTimeout))));
        }

        problems.Add(("api", $"'{text}' is not an http(s) URL"));
        return null;
    }

    /// <summary>"TITLE=FILE" entries numbered from 0x8001 (the vendor range); "TITLE=local" is type 0, the local disk.</summary>
    private Boot.PxeMenu? ParseMenu(ParseResult parse, List<(string Key, string Reason)> problems)
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

        // Refused here, with the reason, rather than failing every PXE DISCOVER once serving.
        if (Boot.PxeMenu.Problem(prompt, entries) is { } problem)
        {
            problems.Add(("pxe-menu", problem));
            return null;
        }

        return new Boot.PxeMenu(prompt, (byte)Math.Clamp(timeout, 0, 255), entries);
    }
}
