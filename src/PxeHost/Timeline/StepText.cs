using System.Globalization;
using PxeHost.Tftp;

namespace PxeHost.Timeline;

/// <summary>A step in words: what the client asked, what it was answered, and why.</summary>
public static class StepText
{
    public static string Asked(TimelineStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Kind switch
        {
            TimelineStepKind.DhcpRequest => $"DHCP {Name(step.Request)}{Client(step)}",
            TimelineStepKind.BootServerRequest => $"port 4011 {Name(step.Request)}{Client(step)}",
            TimelineStepKind.DhcpAnswer or TimelineStepKind.BootServerAnswer or TimelineStepKind.DhcpNoAnswer =>
                $"{(step.Kind == TimelineStepKind.BootServerAnswer || step.Detail == "port 4011" ? "port 4011" : "DHCP")} {Name(step.Request)}",
            TimelineStepKind.TftpStarted => $"TFTP {step.File}{(string.IsNullOrEmpty(step.Detail) ? string.Empty : $" ({step.Detail})")}",
            TimelineStepKind.TftpProgress or TimelineStepKind.TftpEnded => $"TFTP {step.File}",
            TimelineStepKind.HttpStarted or TimelineStepKind.HttpEnded => $"HTTP {step.Detail} {step.File}",
            TimelineStepKind.BootOnceUsed => "boot once",
            _ => step.Kind.ToString(),
        };
    }

    public static string Answered(TimelineStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Kind switch
        {
            TimelineStepKind.DhcpAnswer or TimelineStepKind.BootServerAnswer =>
                $"{Name(step.Reply)}{(step.Offered is { } a ? $" {a}" : string.Empty)}{(step.BootFile is { } f ? $" boot {f}" : string.Empty)}",
            TimelineStepKind.DhcpNoAnswer => "no answer",
            TimelineStepKind.TftpProgress => Invariant($"{step.Bytes} of {step.Size} bytes"),
            TimelineStepKind.TftpEnded => Ended(step),
            TimelineStepKind.HttpEnded => Invariant($"{step.Status}{(step.Bytes is { } b ? $", {b} bytes" : string.Empty)} in {step.Milliseconds:0} ms"),
            TimelineStepKind.BootOnceUsed => $"'{step.Profile ?? "default"}' used up: the next boot goes to the local disk",
            _ => string.Empty,
        };
    }

    public static string Why(TimelineStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var reason = step.Reason ?? string.Empty;
        return step.Rule is { Length: > 0 } rule ? $"{reason}; {rule}" : reason;
    }

    /// <summary>One phrase for a listing: what was asked and what came of it.</summary>
    public static string Brief(TimelineStep step)
    {
        var answered = Answered(step);
        return answered.Length == 0 ? Asked(step) : $"{Asked(step)}: {answered}";
    }

    private static string Ended(TimelineStep step) => step.Outcome switch
    {
        TftpTransferOutcome.Completed => Invariant($"sent {step.Bytes} bytes in {step.Milliseconds:0} ms{Retransmitted(step)}"),
        TftpTransferOutcome.SizeProbe => Invariant($"size probe: told {step.Size} bytes, the client ended it"),
        TftpTransferOutcome.Refused => "refused",
        _ => Invariant($"{step.Outcome} after {step.Bytes} bytes{Retransmitted(step)}"),
    };

    private static string Retransmitted(TimelineStep step) => step.Retransmits is > 0 and var n ? Invariant($", {n} retransmits") : string.Empty;

    private static string Client(TimelineStep step)
    {
        var parts = new List<string>();
        if (step.Architecture is { } arch)
        {
            parts.Add($"arch {arch}");
        }

        if (step.Stage is { } stage)
        {
            parts.Add(stage.ToString());
        }

        return parts.Count == 0 ? string.Empty : $" ({string.Join(", ", parts)})";
    }

    private static string Name<T>(T? value)
        where T : struct, Enum => value?.ToString() ?? "BOOTP";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
