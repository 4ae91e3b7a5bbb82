using System.CommandLine;
using System.Text.Json;
using PxeHost.Timeline;

namespace PxeHost.Cli;

/// <summary><c>pxehost machines</c>: every machine the server has seen boot, from its last boot; reads DATA_DIR/timeline.db, changes nothing.</summary>
internal static class MachinesCommand
{
    private static readonly Option<string> DataDir = new("--data-dir") { Description = "Folder of timeline.db.", DefaultValueFactory = _ => "/var/lib/pxehost" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print a JSON array instead of one line per machine." };

    public static Command Create()
    {
        var command = new Command("machines", "List the machines seen booting: MAC, address, architecture, stage reached, when, verdict of the last boot, its last step.")
        {
            DataDir, Json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        IReadOnlyList<MachineBoot> boots;
        try
        {
            boots = TimelineDatabase.ReadLastBoots(Path.Combine(parse.GetValue(DataDir) ?? ".", TimelineDatabase.FileName));
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"pxehost machines: --data-dir: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        // Each machine's last boot may still be going on: judged as of now.
        var now = TimeProvider.System.GetUtcNow();
        var rows = boots.Select(b => TimelineReport.Row(MachineSummary.Of(b, now))).ToList();
        if (parse.GetValue(Json))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, TimelineReportJsonContext.Default.ListMachineRow)).ConfigureAwait(false);
            return 0;
        }

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Console.Out.WriteLineAsync(TimelineReport.Line(row)).ConfigureAwait(false);
        }

        return 0;
    }
}
