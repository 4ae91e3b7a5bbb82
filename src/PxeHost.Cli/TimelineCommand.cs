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
    private static readonly Option<string?> Pcap = new("--pcap")
    {
        Description = "Write the boot's DHCP, port 4011 and TFTP packets (TFTP data summed up: first and last DATA and ACK) to FILE as a pcap capture for Wireshark or tshark, instead of printing the steps; - writes it to standard output.",
        HelpName = "FILE",
    };

    public static Command Create()
    {
        var command = new Command("timeline", "Show a machine's boot step by step: time from the boot's first step (ms), what was asked, what was answered and why, and the verdict.")
        {
            Mac, DataDir, Json, Boot, Pcap,
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
        var database = Path.Combine(parse.GetValue(DataDir) ?? ".", TimelineDatabase.FileName);
        try
        {
            boots = TimelineDatabase.ReadBoots(database, MacAddressText.Format(mac));
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

        if (parse.GetValue(Pcap) is { } pcap)
        {
            return await WriteCaptureAsync(database, boot, pcap, cancellationToken).ConfigureAwait(false);
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

    private static async Task<int> WriteCaptureAsync(string database, MachineBoot boot, string file, CancellationToken cancellationToken)
    {
        IReadOnlyList<Events.UdpPacket> packets;
        try
        {
            packets = TimelineDatabase.ReadPackets(database, boot.Mac, boot.Number);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"pxehost timeline: --data-dir: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        var capture = new MemoryStream();
        await using (capture.ConfigureAwait(false))
        {
            PcapWriter.WriteAll(capture, packets);
            capture.Position = 0;
            if (file == "-")
            {
                var output = Console.OpenStandardOutput();
                await using (output.ConfigureAwait(false))
                {
                    await capture.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }

                return 0;
            }

            try
            {
                await File.WriteAllBytesAsync(file, capture.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"pxehost timeline: --pcap: {file}: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        var none = packets.Count == 0 ? " (none kept: its steps are HTTP only, or were recorded before PxeHost kept packets)" : string.Empty;
        await Console.Out.WriteLineAsync($"{file}: {packets.Count} packets of {boot.Mac} boot {boot.Number}{none}").ConfigureAwait(false);
        return 0;
    }
}
