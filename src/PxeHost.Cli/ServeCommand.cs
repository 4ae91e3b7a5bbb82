using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace PxeHost.Cli;

/// <summary><c>pxehost serve</c>: DHCP or proxyDHCP, TFTP and HTTP until Ctrl-C or SIGTERM; or files only with --no-dhcp.</summary>
internal static class ServeCommand
{
    private static readonly Option<LogLevel> LogLevelOption = new("--log-level") { HelpName = "LEVEL", Description = "Trace, Debug, Information, Warning, Error.", DefaultValueFactory = _ => LogLevel.Information };
    private static readonly ServeOptions Serve = new();
    private static readonly Option<string?> UserOption = ServerUser.CreateOption();
    private static readonly Option<string?> OtlpOption = new("--otlp-endpoint")
    {
        HelpName = "URL",
        Description = "Send each machine boot as an OpenTelemetry trace to this OTLP collector (http://HOST:4317 gRPC; a URL ending in /v1/traces for OTLP over HTTP).",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Serve network boots on --interface with TFTP and HTTP. Choose one: --dhcp-range FIRST-LAST (full DHCP), --proxy (beside the network's own DHCP server) or --no-dhcp (files only).")
        {
            LogLevelOption, UserOption, OtlpOption,
        };
        Serve.AddTo(command).SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var problems = new List<(string Key, string Reason)>();
        var options = await Serve.ToPxeHostOptionsAsync(parse, "serve", problems, ServeOptions.Use.Serve, cancellationToken).ConfigureAwait(false);
        var otlp = parse.GetValue(OtlpOption) is not { } url ? null
            : Uri.TryCreate(url, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https" ? endpoint
            : null;
        if (parse.GetValue(OtlpOption) is { } given && otlp is null)
        {
            problems.Add(("otlp-endpoint", $"'{given}' is not an http:// or https:// URL"));
        }

        if (await Report(problems).ConfigureAwait(false) || options is null)
        {
            return 2;
        }

        options = options with { OtlpEndpoint = otlp };

        // Checked as root first, so a mistyped flag is refused before anything is created or run again.
        if (await ServerUser.SwitchAsync(parse, UserOption, "serve", options.DataDirectory).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        foreach (var warning in Hosting.OfferedBootFiles.Missing(options))
        {
            await Console.Error.WriteLineAsync($"pxehost serve: warning: {warning}").ConfigureAwait(false);
        }

        return await ServerHost.RunAsync("serve", options, parse.GetValue(LogLevelOption), cancellationToken).ConfigureAwait(false);
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
