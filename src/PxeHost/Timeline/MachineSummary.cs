using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Timeline;

/// <summary>A machine as <c>pxehost machines</c> lists it: from its last boot's steps alone.</summary>
public sealed record MachineSummary(
    string Mac, long Boot, string? Address, ClientArchitecture? Architecture, string Stage, string LastStep, DateTimeOffset When, BootVerdict Verdict)
{
    /// <summary>The machine's last boot, judged at <paramref name="now"/> (null: the boot is over).</summary>
    public static MachineSummary Of(MachineBoot boot, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(boot);
        var steps = boot.Steps;
        var address = steps.LastOrDefault(s => s.Offered is not null)?.Offered ?? steps.LastOrDefault(s => s.ClientIp is not null)?.ClientIp;
        var architecture = steps.FirstOrDefault(s => s.Architecture is not null)?.Architecture;
        return new MachineSummary(boot.Mac, boot.Number, address, architecture, StageOf(steps), StepText.Brief(steps[^1]), steps[^1].Time, Verdicts.Judge(steps, now)[0]);
    }

    /// <summary>The furthest stage the boot reached: the PXE ROM (or HTTP Boot firmware), iPXE, a loader, the kernel.</summary>
    public static string StageOf(IReadOnlyList<TimelineStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Any(s => s.Delivered && BootFiles.IsKernel(s.File!)))
        {
            return "kernel";
        }

        if (steps.Select(s => s.Kind is TimelineStepKind.TftpStarted or TimelineStepKind.HttpStarted ? BootFiles.LoaderOf(s.File!) : null).LastOrDefault(l => l is not null) is { } loader)
        {
            return $"loader ({loader})";
        }

        if (steps.Any(s => s.Stage == FirmwareStage.Ipxe))
        {
            return "iPXE";
        }

        return steps.Any(s => s.Stage == FirmwareStage.HttpBootFirmware) ? "HTTP Boot" : "PXE ROM";
    }
}
