using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using PxeHost.Storage;

namespace PxeHost.Cli;

/// <summary><c>pxehost leases</c>: lists the stored leases, also while the server runs; creates and changes nothing.</summary>
internal static partial class LeasesCommand
{
    private static readonly Option<string> DataDir = new("--data-dir") { HelpName = "DIR", Description = "Folder of leases.db.", DefaultValueFactory = _ => "/var/lib/pxehost" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON array instead of a header and one line per lease." };

    public static Command Create()
    {
        var command = new Command("leases", "List the leases stored in DATA_DIR/leases.db: address, MAC, state, expiry (UTC), host name.")
        {
            DataDir, Json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Warnings (a row that does not parse) go to stderr, so that stdout stays a clean listing or JSON.
        using var logging = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        var dataDirectory = parse.GetValue(DataDir);
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            await Console.Error.WriteLineAsync("pxehost leases: --data-dir: must name a directory").ConfigureAwait(false);
            return 2;
        }

        IReadOnlyList<Lease> leases;
        try
        {
            leases = await SqliteLeaseStore.ReadExistingAsync(dataDirectory, logging.CreateLogger("PxeHost.Leases"), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"pxehost leases: --data-dir: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        var rows = LeaseRow.Ordered(leases);
        if (parse.GetValue(Json))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, LeaseJsonContext.Default.ListLeaseRow)).ConfigureAwait(false);
        }
        else
        {
            await Console.Out.WriteLineAsync($"{"ADDRESS",-15} {"MAC",-17} {"STATE",-8} {"EXPIRES (UTC)",-20} HOSTNAME").ConfigureAwait(false);
            foreach (var row in rows)
            {
                await Console.Out.WriteLineAsync($"{row.Address,-15} {row.Mac,-17} {row.State,-8} {row.Expires,-20} {Printable(row.Hostname)}").ConfigureAwait(false);
            }
        }

        return 0;
    }

    /// <summary>A client chooses its host name (option 12): no control character of its may break the one-line-per-lease output.</summary>
    private static string Printable(string? hostname) =>
        string.IsNullOrEmpty(hostname) ? "-" : string.Concat(hostname.Select(c => char.IsControl(c) ? '?' : c));

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
    [JsonSerializable(typeof(List<LeaseRow>))]
    internal sealed partial class LeaseJsonContext : JsonSerializerContext;
}
