using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PxeHost.Boot;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Hosting;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost explain --mac M --arch A</c>: what that client would get, without a client — the DHCP
/// reply the server would send (from the same responders), the boot file, and the configuration or
/// script its loader then reads (from the same renderers).
/// </summary>
internal static partial class ExplainCommand
{
    private static readonly Option<string> Mac = new("--mac") { HelpName = "MAC", Description = "The client's MAC address.", Required = true };
    private static readonly Option<string> Arch = new("--arch") { HelpName = "bios|uefi64|arm64|http64", Description = "bios, uefi64, arm64 or http64 (UEFI HTTP Boot).", DefaultValueFactory = _ => "bios" };
    private static readonly Option<bool> Ipxe = new("--ipxe") { Description = "The client is already running iPXE." };
    private static readonly Option<string?> Relay = new("--relay") { HelpName = "ADDRESS", Description = "The request comes through a relay with this giaddr." };
    private static readonly Option<string?> Server = new("--server") { HelpName = "ADDRESS", Description = "The server's address on the client's network (default: the first configured interface's)." };
    private static readonly ServeOptions Serve = new();
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON." };

    public static Command Create()
    {
        var command = new Command("explain", "Show what a client would get — DHCP reply, boot file, rendered menu or script — without a client.")
        {
            Mac, Arch, Ipxe, Relay, Server, Json,
        };
        Serve.AddTo(command).SetAction(RunAsync);
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

        var options = await Serve.ToPxeHostOptionsAsync(parse, "explain", problems, ServeOptions.Use.Explain, cancellationToken).ConfigureAwait(false);
        var server = options is null ? null : ServerAddress(parse, options, problems);
        if (await ServeCommand.Report(problems, "explain").ConfigureAwait(false) || options is null)
        {
            return 2;
        }

        using var explainer = new BootExplainer(options);
        var explanation = await ExplainAsync(explainer, BootExplainer.Discover(mac, architecture, parse.GetValue(Ipxe), relay), server!, cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(parse.GetValue(Json) ? JsonSerializer.Serialize(explanation, ExplainJson.Default.Explanation) : explanation.ToText()).ConfigureAwait(false);
        return 0;
    }

    private static async Task<Explanation> ExplainAsync(BootExplainer explainer, DhcpMessage request, IPAddress server, CancellationToken cancellationToken)
    {
        var outcome = await explainer.ReplyAsync(request, server, cancellationToken).ConfigureAwait(false);
        var client = BootClient.FromDhcp(request);
        var rendered = await explainer.FollowAsync(client, outcome.Boot, server, cancellationToken).ConfigureAwait(false);
        var reply = outcome.Reply;
        return new Explanation
        {
            Mac = PxeHost.Storage.MacAddressText.Format(client.Mac),
            Architecture = client.Architecture.ToString(),
            Stage = client.Stage.ToString(),
            Reply = reply?.MessageType?.ToString() ?? "none",
            Reason = outcome.Boot?.Reason ?? outcome.Reason,
            YourAddress = reply is null || IPAddress.Any.Equals(reply.YourAddress) ? null : reply.YourAddress.ToString(),
            NextServer = reply?.ServerAddress.ToString(),
            BootFile = outcome.Boot?.BootFile,
            Options = reply?.Options.Select(DhcpOptionText.Describe).ToList() ?? [],
            Loader = rendered?.Loader,
            ConfigPath = rendered?.Path,
            Config = rendered?.Text,
        };
    }

    private static IPAddress? ServerAddress(ParseResult parse, PxeHostOptions options, List<(string, string)> problems)
    {
        if (parse.GetValue(Server) is { } text)
        {
            return Ipv4.TryParse(text, out var given) ? given : Fail<IPAddress?>(problems, "server", $"'{text}' is not an IPv4 address", null);
        }

        foreach (var name in options.Dhcp?.Interfaces ?? [])
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
