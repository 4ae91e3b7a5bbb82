using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Protocol.Tftp;
using PxeHost.Tftp;

namespace PxeHost.Cli;

/// <summary><c>pxehost serve</c>: runs the services until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    private static readonly Option<string> TftpRoot = new("--tftp-root") { Description = "Folder served over TFTP (read-only)." };
    private static readonly Option<string> Listen = new("--listen") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
    private static readonly Option<int> TftpPort = new("--tftp-port") { Description = "TFTP listening port.", DefaultValueFactory = _ => 69 };
    private static readonly Option<string?> PortRange = new("--tftp-port-range") { Description = "Ports transfers are sent from, FIRST:LAST (default: any)." };
    private static readonly Option<bool> NoDhcp = new("--no-dhcp") { Description = "Serve files only; no DHCP or proxyDHCP." };
    private static readonly Option<bool> CaseInsensitive = new("--tftp-case-insensitive") { Description = "Match file names ignoring case when the exact name is missing." };
    private static readonly Option<int> MaxBlockSize = new("--tftp-max-blksize") { Description = "Largest blksize granted (8-65464).", DefaultValueFactory = _ => 65464 };
    private static readonly Option<int> MaxWindowSize = new("--tftp-max-windowsize") { Description = "Largest windowsize granted (1-65535).", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Retries = new("--tftp-retries") { Description = "Retransmissions before a transfer is abandoned.", DefaultValueFactory = _ => 7 };
    private static readonly Option<int> MinTimeout = new("--tftp-min-timeout") { Description = "Floor of the adaptive retransmit timeout, in milliseconds.", DefaultValueFactory = _ => 20 };
    private static readonly Option<LogLevel> LogLevelOption = new("--log-level") { Description = "Trace, Debug, Information, Warning, Error.", DefaultValueFactory = _ => LogLevel.Information };

    public static Command Create()
    {
        var command = new Command("serve", "Serve network boots. Today: files over TFTP (--no-dhcp).")
        {
            TftpRoot, Listen, TftpPort, PortRange, NoDhcp, CaseInsensitive, MaxBlockSize, MaxWindowSize, Retries, MinTimeout, LogLevelOption,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var problems = new List<(string Key, string Reason)>();
        if (!parse.GetValue(NoDhcp))
        {
            problems.Add(("no-dhcp", "DHCP and proxyDHCP are not built yet: pass --no-dhcp to serve files only"));
        }

        if (!TryParseIPv4(parse.GetValue(Listen), out var listen))
        {
            problems.Add(("listen", $"'{parse.GetValue(Listen)}' is not an IPv4 address"));
        }

        TftpPortRange? range = null;
        if (parse.GetValue(PortRange) is { } rangeText && !TftpPortRange.TryParse(rangeText, out range, out var rangeError))
        {
            problems.Add(("tftp-port-range", rangeError));
        }

        var options = new TftpServerOptions
        {
            Root = parse.GetValue(TftpRoot) ?? string.Empty,
            ListenAddress = listen ?? IPAddress.Any,
            Port = parse.GetValue(TftpPort),
            PortRange = range,
            CaseInsensitive = parse.GetValue(CaseInsensitive),
            MaxRetries = parse.GetValue(Retries),
            MinTimeout = TimeSpan.FromMilliseconds(parse.GetValue(MinTimeout)),
            Limits = new TftpNegotiationLimits
            {
                MaxBlockSize = parse.GetValue(MaxBlockSize),
                MaxWindowSize = parse.GetValue(MaxWindowSize),
            },
        };
        problems.AddRange(TftpServerOptionsValidator.Validate(options));
        if (problems.Count > 0)
        {
            foreach (var (key, reason) in problems)
            {
                await Console.Error.WriteLineAsync($"pxehost serve: --{key}: {reason}").ConfigureAwait(false);
            }

            return 2;
        }

        using var host = BuildHost(options, parse.GetValue(LogLevelOption));
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await Console.Error.WriteLineAsync($"pxehost serve: cannot listen on {options.ListenAddress}:{options.Port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    /// <summary>Dotted-quad only: IPAddress.TryParse also takes "10.0.0" and "10", which are typos here.</summary>
    private static bool TryParseIPv4(string? text, out IPAddress? address)
    {
        address = null;
        return text is not null
            && text.Split('.').Length == 4
            && IPAddress.TryParse(text, out address)
            && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
    }

    private static IHost BuildHost(TftpServerOptions options, LogLevel level)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TftpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TftpServer>());
        return builder.Build();
    }
}
