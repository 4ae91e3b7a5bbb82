using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Boot;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Doctor;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Tftp;
using PxeHost.Unix;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost doctor</c>: with serve's options, checks what would stop machines booting — busy ports,
/// interfaces, another DHCP server, the plan's files and their permissions, misnamed kernels, missing
/// bootloaders, config errors, a bridge's STP delay — and prints each finding with its fix. Exit 1
/// when something blocks booting, 0 otherwise.
/// </summary>
internal static class DoctorCommand
{
    private static readonly ServeOptions Serve = new();
    private static readonly Option<string?> UserOption = ServerUser.CreateOption();
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON array of findings {severity, what, fix} instead of lines." };

    public static Command Create()
    {
        var command = new Command("doctor", "Check what would stop machines booting with these serve options, and say how to fix each thing.") { UserOption, Json };
        Serve.AddTo(command).SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        PxeHostConfig? config = null;
        if (parse.GetValue(Serve.Config) is { } path)
        {
            var images = new Iso.IsoCatalog(Iso.IsoReaders.Library(parse.GetValue(Serve.Network.DataDir)!));
            try
            {
                images.Refresh(cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                findings.Add(DoctorFinding.Blocks($"the images in {images.Library.Folder} cannot be read: {e.Message}", "give the folder to the server's user, or name another --data-dir"));
            }

            (config, var loaded) = ConfigCheck.Check(path, images.Find);
            findings.AddRange(loaded);
        }

        var noDhcp = parse.GetValue(Serve.NoDhcp);
        var mode = parse.GetValue(Serve.Network.Proxy) ? DhcpMode.Proxy : config?.Mode ?? DhcpMode.Full;
        var root = parse.GetValue(Serve.TftpRoot) ?? config?.TftpRoot;
        if (root is not null && !Directory.Exists(root))
        {
            findings.Add(DoctorFinding.Blocks($"the TFTP root {root} is not an existing folder", "create it, or name another with --tftp-root"));
            root = null;
        }

        IReadOnlyList<LocalInterface> links = [];
        if (!noDhcp)
        {
            links = await CheckNetworkAsync(parse, config, mode, findings, cancellationToken).ConfigureAwait(false);
        }

        findings.AddRange(PortCheck.Check(Ports(parse, config, noDhcp)));
        var files = new FileTreeOptions { Root = root, CaseInsensitive = parse.GetValue(Serve.CaseInsensitive), SystemFiles = SystemBootloaders.FoundFiles(SystemBootloaders.Discover()) };
        if (ServerAccount(parse, findings) is { } user && config is not null)
        {
            findings.AddRange(new PlanFilesCheck(files, user).Check(config));
        }

        findings.AddRange(PxelinuxKernelNames.Check(root));
        if (config is not null)
        {
            findings.AddRange(IpxeCommandLines.Check(config, parse.GetValue(Serve.Config)!));
        }
        if (!noDhcp)
        {
            findings.AddRange(BootloaderCheck.Check(BootOptions(parse, config, files, mode)));
        }

        await Print(findings, parse.GetValue(Json)).ConfigureAwait(false);
        return findings.Any(f => f.Severity == DoctorSeverity.Blocks) ? 1 : 0;
    }

    /// <summary>Interfaces, bridges, DHCP settings and other DHCP servers; returns the interfaces DHCP could serve on.</summary>
    private static async Task<IReadOnlyList<LocalInterface>> CheckNetworkAsync(ParseResult parse, PxeHostConfig? config, DhcpMode mode, List<DoctorFinding> findings, CancellationToken cancellationToken)
    {
        var names = parse.GetValue(Serve.Network.Interfaces) is { Length: > 0 } given ? given : config?.Interfaces.ToArray() ?? [];
        if (names.Length == 0)
        {
            findings.Add(DoctorFinding.Blocks("no interface to serve DHCP on", "name the interface machines boot on with --interface IF (or interfaces: in the config), or --no-dhcp for files only"));
        }

        var interfaces = new InterfaceCheck();
        var (checkedLinks, usable) = interfaces.Check(names);
        findings.AddRange(checkedLinks);
        findings.AddRange(names.Where(n => Directory.Exists(Path.Combine("/sys/class/net", n))).Select(n => new BridgeCheck().Check(n)).OfType<DoctorFinding>());

        // Ranges, reservations and the rest as serve checks them; interface problems are findings above already.
        var problems = new List<(string Key, string Reason)>();
        Serve.Network.ToDhcpOptions(parse, problems, out _, config);
        findings.AddRange(problems.Where(p => p.Key != "interface").Select(p => DoctorFinding.Blocks($"--{p.Key}: {p.Reason}", "serve refuses to start until it is corrected")));

        var probeMs = parse.GetValue(Serve.Network.ProbeMs);
        if (probeMs > 0)
        {
            var probe = new OtherDhcpServerCheck(68, 67, TimeSpan.FromMilliseconds(probeMs), NullLogger.Instance);
            foreach (var link in usable)
            {
                // Without carrier nothing answers, and "no other server" would be a guess.
                findings.Add(interfaces.HasCarrier(link.Name)
                    ? await probe.CheckAsync(link, mode, cancellationToken).ConfigureAwait(false)
                    : DoctorFinding.Warns($"could not look for other DHCP servers on {link.Name}: it has no carrier", "run doctor again once the link is up"));
            }
        }

        return usable;
    }

    private static IEnumerable<ListenPort> Ports(ParseResult parse, PxeHostConfig? config, bool noDhcp)
    {
        if (!noDhcp)
        {
            yield return new ListenPort(ProtocolType.Udp, 67, "DHCP", null);
            yield return new ListenPort(ProtocolType.Udp, 4011, "PXE boot server", null);
        }

        yield return new ListenPort(ProtocolType.Udp, parse.GetValue(Serve.TftpPort), "TFTP", "--tftp-port");
        var httpGiven = parse.GetResult(Serve.Network.HttpPort) is { Implicit: false };
        if (!noDhcp || httpGiven)
        {
            var port = httpGiven || config?.HttpPort is null ? parse.GetValue(Serve.Network.HttpPort) : config.HttpPort.Value;
            yield return new ListenPort(ProtocolType.Tcp, port, "HTTP", "--http-port");
        }
    }

    /// <summary>Who the server reads files as: started as root, --user or nobody; otherwise whoever runs it.</summary>
    private static UnixAccount? ServerAccount(ParseResult parse, List<DoctorFinding> findings)
    {
        var current = UnixAccount.Current;
        if (current.UserId != 0)
        {
            return current;
        }

        var name = parse.GetValue(UserOption) ?? ServerUser.DefaultUser;
        if (UnixAccount.Find(name) is { } account)
        {
            return account;
        }

        findings.Add(DoctorFinding.Blocks($"there is no user '{name}' on this system", "name an existing user with --user"));
        return null;
    }

    private static PxeHostOptions BootOptions(ParseResult parse, PxeHostConfig? config, FileTreeOptions files, DhcpMode mode) => new()
    {
        Tftp = new TftpServerOptions(),
        Files = files,
        Dhcp = new DhcpServerOptions { Interfaces = [], Mode = mode },
        Config = config,
        Api = parse.GetValue(Serve.Api) is { } api && Uri.TryCreate(api, UriKind.Absolute, out var uri) ? new Boot.BootApiOptions(uri, TimeSpan.FromSeconds(2)) : null,
        Boot = new Boot.BootOptions
        {
            BiosBootFile = parse.GetValue(Serve.BootFile) ?? "undionly.kpxe",
            UefiBootFile = parse.GetValue(Serve.UefiBootFile) ?? "snponly.efi",
            Arm64BootFile = parse.GetValue(Serve.Arm64BootFile),
            IpxeScript = parse.GetValue(Serve.IpxeScript),
            HttpBootUrl = parse.GetValue(Serve.HttpBootUrl),
        },
    };

    private static async Task Print(List<DoctorFinding> findings, bool json)
    {
        if (!json)
        {
            foreach (var finding in findings)
            {
                await Console.Out.WriteLineAsync(finding.ToString()).ConfigureAwait(false);
            }

            var blocks = findings.Count(f => f.Severity == DoctorSeverity.Blocks);
            var warns = findings.Count(f => f.Severity == DoctorSeverity.Warns);
            await Console.Out.WriteLineAsync($"{(blocks == 0 ? "nothing" : blocks.ToString(System.Globalization.CultureInfo.InvariantCulture))} blocking, {warns} to look at").ConfigureAwait(false);
            return;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var finding in findings)
            {
                writer.WriteStartObject();
                writer.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
                writer.WriteString("what", finding.What);
                writer.WriteString("fix", finding.Fix);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        await Console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray())).ConfigureAwait(false);
    }
}
