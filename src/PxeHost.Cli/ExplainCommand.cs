using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost explain --mac M --arch A</c>: what that client would get, without a client — the DHCP
/// reply the server would send (from the same responders), the boot file, and the configuration or
/// script its loader then reads (from the same renderers).
/// </summary>
internal static partial class ExplainCommand
{
    private static readonly Option<string> Mac = new("--mac") { Description = "The client's MAC address.", Required = true };
    private static readonly Option<string> Arch = new("--arch") { Description = "bios, uefi64, arm64 or http64 (UEFI HTTP Boot).", DefaultValueFactory = _ => "bios" };
    private static readonly Option<bool> Ipxe = new("--ipxe") { Description = "The client is already running iPXE." };
    private static readonly Option<string?> Relay = new("--relay") { Description = "The request comes through a relay with this giaddr." };
    private static readonly Option<string?> Config = new("--config") { Description = "pxehost.yaml." };
    private static readonly Option<string?> Server = new("--server") { Description = "The server's address on the client's network (default: the first configured interface's)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON." };

    public static Command Create()
    {
        var command = new Command("explain", "Show what a client would get — DHCP reply, boot file, rendered menu or script — without a client.")
        {
            Mac, Arch, Ipxe, Relay, Config, Server, Json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var problems = new List<(string Key, string Reason)>();
        if (!ConfigLoader.TryParseMac(parse.GetValue(Mac)!, out var mac))
        {
            problems.Add(("mac", $"'{parse.GetValue(Mac)}' is not a MAC address (aa:bb:cc:dd:ee:ff)"));
        }

        var architecture = parse.GetValue(Arch) switch
        {
            "bios" => ClientArchitecture.IntelX86Bios,
            "uefi64" => ClientArchitecture.EfiBc,
            "arm64" => ClientArchitecture.EfiArm64,
            "http64" => ClientArchitecture.EfiX64Http,
            var other => Fail(problems, "arch", $"'{other}' is not bios, uefi64, arm64 or http64"),
        };
        IPAddress? relay = null;
        if (parse.GetValue(Relay) is { } relayText && !Ipv4.TryParse(relayText, out relay))
        {
            problems.Add(("relay", $"'{relayText}' is not an IPv4 address"));
        }

        PxeHostConfig? config = null;
        if (parse.GetValue(Config) is { } path && (config = ConfigLoader.Load(path, out var errors)) is null)
        {
            problems.AddRange(errors.Select(e => ("config", e.ToString())));
        }

        var server = ServerAddress(parse, config, problems);
        if (await ServeCommand.Report(problems, "explain").ConfigureAwait(false))
        {
            return 2;
        }

        var explanation = await ExplainAsync(mac, architecture, parse.GetValue(Ipxe), relay, config, server!).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(parse.GetValue(Json) ? JsonSerializer.Serialize(explanation, ExplainJson.Default.Explanation) : explanation.ToText()).ConfigureAwait(false);
        return 0;
    }

    private static async Task<Explanation> ExplainAsync(System.Net.NetworkInformation.PhysicalAddress mac, ClientArchitecture architecture, bool ipxe, IPAddress? relay, PxeHostConfig? config, IPAddress server)
    {
        var request = ClientDiscover(mac, architecture, ipxe, relay);
        var httpPort = config?.HttpPort ?? 80;
        var plans = new PlanSource(config?.Plan ?? BootPlanSet.Empty);
        var planner = new BootPlanner(new BootOptions { HttpPort = httpPort }, plans);
        DhcpOutcome outcome;
        if (config?.Mode == DhcpMode.Proxy || config is null || config.DhcpRanges.Count == 0)
        {
            outcome = new ProxyDhcpResponder(planner).Respond(request, server, new IPEndPoint(IPAddress.Any, 68), bootServerPort: false);
        }
        else
        {
            var scope = ScopeFor(config, relay ?? server);
            // The server's allocation without its leases: what a client with no lease yet would be offered.
            await using var leases = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [scope] }, TimeProvider.System);
            outcome = await new DhcpResponder([scope], leases, planner).RespondAsync(request, server, scope).ConfigureAwait(false);
        }

        var client = BootClient.FromDhcp(request);
        var files = new PlanBootFiles(plans, httpPort);
        var loader = plans.Current.Find(mac, null)?.Loader ?? plans.Current.DefaultLoader;
        var macPath = BootPlanner.MacPath(mac);
        (string Path, string? Text)? rendered = loader switch
        {
            BootLoader.Pxelinux => ($"pxelinux.cfg/01-{macPath}", Utf8(files.Generate($"{(client.IsUefi ? "efi64/" : string.Empty)}pxelinux.cfg/01-{macPath}", server, null))),
            BootLoader.Grub => ($"grub/grub.cfg-01-{macPath}", Utf8(files.Generate($"grub/grub.cfg-01-{macPath}", server, null))),
            _ => ($"boot/{macPath}.ipxe?arch={(ushort)architecture}", files.IpxeScript(mac, architecture, server, null)),
        };
        var reply = outcome.Reply;
        return new Explanation
        {
            Mac = MacAddressText.Format(mac),
            Architecture = architecture.ToString(),
            Stage = client.Stage.ToString(),
            Reply = reply?.MessageType?.ToString() ?? "none",
            Reason = outcome.Boot?.Reason ?? outcome.Reason,
            YourAddress = reply is null || IPAddress.Any.Equals(reply.YourAddress) ? null : reply.YourAddress.ToString(),
            NextServer = reply?.ServerAddress.ToString(),
            BootFile = outcome.Boot?.BootFile,
            Options = reply?.Options.Select(o => $"{(byte)o.Code} {o.Code}: {Describe(o)}").ToList() ?? [],
            Loader = rendered is { Text: not null } ? loader.ToString() : null,
            ConfigPath = rendered?.Text is null ? null : rendered.Value.Path,
            Config = rendered?.Text,
        };
    }

    /// <summary>The DISCOVER such firmware sends (vendor class, option 93, iPXE's user class), as in the golden captures.</summary>
    private static DhcpMessage ClientDiscover(System.Net.NetworkInformation.PhysicalAddress mac, ClientArchitecture architecture, bool ipxe, IPAddress? relay)
    {
        var http = architecture is ClientArchitecture.EfiX64Http or ClientArchitecture.EfiArm64Http;
        var vendor = string.Create(CultureInfo.InvariantCulture, $"{(http ? "HTTPClient" : "PXEClient")}:Arch:{(ushort)architecture:D5}:UNDI:003000");
        var options = new List<DhcpOption>
        {
            DhcpOption.FromMessageType(DhcpMessageType.Discover),
            DhcpOption.FromUInt16(DhcpOptionCode.ClientSystemArchitecture, (ushort)architecture),
            DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, vendor),
        };
        if (ipxe)
        {
            options.Add(new DhcpOption(DhcpOptionCode.UserClass, "\u0004iPXE"u8.ToArray()));
        }

        return new DhcpMessage
        {
            ClientHardwareAddress = mac.GetAddressBytes(),
            TransactionId = 0x50584548,
            Flags = DhcpMessage.BroadcastFlag,
            GatewayAddress = relay ?? IPAddress.Any,
            Hops = relay is null ? (byte)0 : (byte)1,
            Options = options,
        };
    }

    private static DhcpScope ScopeFor(PxeHostConfig config, IPAddress near)
    {
        foreach (var text in config.DhcpRanges)
        {
            var slash = text.Split('/');
            var bounds = slash[0].Split('-');
            var prefix = slash.Length == 2 ? int.Parse(slash[1], CultureInfo.InvariantCulture) : 24;
            var first = IPAddress.Parse(bounds[0]);
            var network = Ipv4.ToUInt32(first) & Ipv4.MaskOf(prefix);
            if ((Ipv4.ToUInt32(near) & Ipv4.MaskOf(prefix)) == network)
            {
                return new DhcpScope
                {
                    Network = Ipv4.ToAddress(network),
                    PrefixLength = prefix,
                    RangeStart = first,
                    RangeEnd = IPAddress.Parse(bounds[1]),
                    Routers = config.Routers,
                    DnsServers = config.DnsServers,
                    DomainName = config.Domain,
                };
            }
        }

        return new DhcpScope { Network = near, PrefixLength = 32, RangeStart = near, RangeEnd = near };
    }

    private static IPAddress? ServerAddress(ParseResult parse, PxeHostConfig? config, List<(string, string)> problems)
    {
        if (parse.GetValue(Server) is { } text)
        {
            return Ipv4.TryParse(text, out var given) ? given : Fail<IPAddress?>(problems, "server", $"'{text}' is not an IPv4 address", null);
        }

        foreach (var name in config?.Interfaces ?? [])
        {
            var link = LocalInterface.Find(name, out var error);
            if (error is null)
            {
                return link.Address;
            }
        }

        problems.Add(("server", "give the server's address on the client's network (no configured interface exists here)"));
        return null;
    }

    private static string Describe(DhcpOption option) => option.Code switch
    {
        DhcpOptionCode.VendorClassIdentifier or DhcpOptionCode.BootfileName or DhcpOptionCode.HostName or DhcpOptionCode.DomainName or DhcpOptionCode.Message
            => Encoding.UTF8.GetString(option.Value.Span),
        DhcpOptionCode.ServerIdentifier or DhcpOptionCode.SubnetMask or DhcpOptionCode.Router or DhcpOptionCode.DomainNameServer or DhcpOptionCode.BroadcastAddress
            => string.Join(", ", Enumerable.Range(0, option.Value.Length / 4).Select(i => new IPAddress(option.Value.Span.Slice(i * 4, 4)))),
        DhcpOptionCode.LeaseTime or DhcpOptionCode.RenewalTime or DhcpOptionCode.RebindingTime
            => string.Create(CultureInfo.InvariantCulture, $"{System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(option.Value.Span)} s"),
        DhcpOptionCode.MessageType => ((DhcpMessageType)option.Value.Span[0]).ToString(),
        DhcpOptionCode.VendorSpecific when PxeVendorOptionsCodec.TryParse(option.Value.Span, out var pxe, out _)
            => $"PXE: discovery control {pxe!.DiscoveryControl?.ToString() ?? "-"}, {pxe.BootMenu.Count} menu items{(pxe.BootItem is { } item ? $", boot item {item.Type:x4}/{item.Layer}" : string.Empty)}",
        _ => Convert.ToHexString(option.Value.Span),
    };

    private static string? Utf8(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : null;

    private static ClientArchitecture Fail(List<(string, string)> problems, string key, string reason) => Fail(problems, key, reason, ClientArchitecture.IntelX86Bios);

    private static T Fail<T>(List<(string, string)> problems, string key, string reason, T value)
    {
        problems.Add((key, reason));
        return value;
    }

    internal sealed record Explanation
    {
        public required string Mac { get; init; }

        public required string Architecture { get; init; }

        public required string Stage { get; init; }

        public required string Reply { get; init; }

        public required string Reason { get; init; }

        public string? YourAddress { get; init; }

        public string? NextServer { get; init; }

        public string? BootFile { get; init; }

        public required IReadOnlyList<string> Options { get; init; }

        public string? Loader { get; init; }

        public string? ConfigPath { get; init; }

        public string? Config { get; init; }

        public string ToText()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"client {Mac}, {Architecture}, stage {Stage}\n");
            text.Append(CultureInfo.InvariantCulture, $"DHCP reply: {Reply}{(YourAddress is null ? string.Empty : $" {YourAddress}")}, next-server {NextServer ?? "-"}, boot file {BootFile ?? "-"}\n");
            text.Append(CultureInfo.InvariantCulture, $"why: {Reason}\n");
            foreach (var option in Options)
            {
                text.Append("  option ").Append(option).Append('\n');
            }

            if (Config is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Loader} then reads {ConfigPath}:\n").Append(Config);
            }

            return text.ToString().TrimEnd('\n');
        }
    }

    [JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(Explanation))]
    internal sealed partial class ExplainJson : JsonSerializerContext;
}
