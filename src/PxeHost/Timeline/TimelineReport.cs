using System.Globalization;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Timeline;

/// <summary>What <c>pxehost machines</c> and <c>pxehost timeline</c> print: lines for people, rows for <c>--json</c>.</summary>
public static class TimelineReport
{
    public static MachineRow Row(MachineSummary machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return new MachineRow(machine.Mac, machine.Boot, machine.Address, ArchitectureName(machine.Architecture), machine.Stage, machine.LastStep,
            Utc(machine.When), machine.Verdict.Kind.ToString(), machine.Verdict.Text);
    }

    /// <summary>One line per machine: MAC, address, architecture, stage, when, last step, verdict.</summary>
    public static string Line(MachineRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"{row.Mac,-17} {row.Address ?? "-",-15} {row.Architecture,-10} {row.Stage,-18} {row.When}  {row.Verdict}  (last: {row.LastStep})";
    }

    /// <summary>One boot, judged at <paramref name="now"/> when it may still be going on (the machine's last boot), else as it stands.</summary>
    public static BootReport Report(MachineBoot boot, IEnumerable<long> kept, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(boot);
        var first = boot.Steps[0].Time;
        var steps = boot.Steps.Select(s => new StepRow(
            (long)(s.Time - first).TotalMilliseconds, Utc(s.Time), s.Kind.ToString(), StepText.Asked(s), StepText.Answered(s), StepText.Why(s))).ToList();
        var verdicts = Verdicts.Judge(boot.Steps, now).Select(v => new VerdictRow(v.Kind.ToString(), v.Text, v.IsNote)).ToList();
        return new BootReport(boot.Mac, boot.Number, [.. kept], Utc(first), verdicts, steps);
    }

    /// <summary>The boot's header, a line per step (milliseconds from the boot's first step; progress only for a transfer still going), then the verdict and notes.</summary>
    public static IEnumerable<string> Lines(BootReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        yield return $"{report.Mac} boot {report.Boot} (kept: {string.Join(", ", report.Kept)}), started {report.Started}";
        // Progress rows (one a second per transfer) are left to --json: the text shows a transfer's
        // start and end, and its progress only while it is the boot's last step.
        var shown = report.Steps.Where((s, i) => s.Kind != nameof(TimelineStepKind.TftpProgress) || i == report.Steps.Count - 1);
        foreach (var step in shown)
        {
            var answered = step.Answered.Length == 0 ? string.Empty : $" -> {step.Answered}";
            var why = step.Why.Length == 0 ? string.Empty : $"  ({step.Why})";
            yield return string.Create(CultureInfo.InvariantCulture, $"{step.Milliseconds,8} ms  {step.Asked}{answered}{why}");
        }

        foreach (var verdict in report.Verdicts)
        {
            yield return verdict.Note ? $"note: {verdict.Text}" : $"verdict: {verdict.Text}";
        }
    }

    public static string ArchitectureName(ClientArchitecture? architecture) => architecture switch
    {
        null => "-",
        ClientArchitecture.IntelX86Bios => "BIOS",
        ClientArchitecture.EfiBc or ClientArchitecture.EfiX64 => "UEFI x64",
        ClientArchitecture.EfiIa32 => "UEFI ia32",
        ClientArchitecture.EfiArm64 => "UEFI arm64",
        ClientArchitecture.EfiX64Http => "HTTP x64",
        ClientArchitecture.EfiArm64Http => "HTTP arm64",
        { } other => other.ToString(),
    };

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
