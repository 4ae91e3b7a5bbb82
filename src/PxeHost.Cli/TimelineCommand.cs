using System.CommandLine;
using System.Text.Json;
using PxeHost.Storage;
using PxeHost.Timeline;

namespace PxeHost.Cli;

/// <summary><c>pxehost timeline MAC</c>: one boot of one machine, step by step, with its verdict; reads DATA_DIR/timeline.db.</summary>
internal static class TimelineCommand
{
    private static readonly Argument<string> Mac = new("MAC") { Description = "The machine's MAC address (52:54:00:12:34:56 or 52-54-00-12-34-56)." };
    private static readonly Option<string> DataDir = new("--data-dir") { Description = "Folder of timeline.db.", DefaultValueFactory = _ => "/var/lib/pxehost" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON." };
    private static readonly Option<long?> Boot = new("--boot") { Description = "Which boot, by its number (default: the last one)." };

    public static Command Create()
    {
        var command = new Command("timeline", "Show a machine's boot step by step: time from the boot's first step (ms), what was asked, what was answered and why, and the verdict.")
        {
            Mac, DataDir, Json, Boot,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(Mac) ?? string.Empty;
        if (!System.Net.NetworkInformation.PhysicalAddress.TryParse(text.Replace(':', '-'), out var mac) || mac.GetAddressBytes().Length == 0)
        {
            await Console.Error.WriteLineAsync($"pxehost timeline: MAC: '{text}' is not a MAC address (52:54:00:12:34:56)").ConfigureAwait(false);
            return 2;
        }

        IReadOnlyList<MachineBoot> boots;
        try
        {
            boots = TimelineDatabase.ReadBoots(Path.Combine(parse.GetValue(DataDir) ?? ".", TimelineDatabase.FileName), MacAddressText.Format(mac));
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"pxehost timeline: --data-dir: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        var wanted = parse.GetValue(Boot);
        var boot = wanted is { } number ? boots.FirstOrDefault(b => b.Number == number) : boots.Count == 0 ? null : boots[^1];
        if (boot is null)
        {
            var kept = boots.Count == 0 ? "no boot of it is recorded" : $"the boots kept are {string.Join(", ", boots.Select(b => b.Number))}";
            await Console.Error.WriteLineAsync($"pxehost timeline: {MacAddressText.Format(mac)}{(wanted is { } w ? $" boot {w}" : string.Empty)}: {kept}").ConfigureAwait(false);
            return 1;
        }

        // The last boot may still be going on: judged as of now. An earlier one is over.
        var now = ReferenceEquals(boot, boots[^1]) ? TimeProvider.System.GetUtcNow() : (DateTimeOffset?)null;
        var report = TimelineReport.Report(boot, boots.Select(b => b.Number), now);
        if (parse.GetValue(Json))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, TimelineReportJsonContext.Default.BootReport)).ConfigureAwait(false);
            return 0;
        }

        foreach (var line in TimelineReport.Lines(report))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return 0;
    }
}
