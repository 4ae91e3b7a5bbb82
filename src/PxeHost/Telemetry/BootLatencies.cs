using PxeHost.Events;
using PxeHost.Lab;

namespace PxeHost.Telemetry;

/// <summary>
/// The stage latency histograms of each boot: when a stage of it has ended (as <see cref="BootProgress"/>
/// reads the boot's steps: DHCP, boot file, loader, configuration, kernel, initrd), how long it took and how
/// long after the boot's first DHCP request it began; each stage of a boot once.
/// </summary>
public static class BootLatencies
{
    public static void Record(BootUnderWay boot, PxeHostMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(metrics);
        foreach (var stage in BootProgress.Of(boot.Steps).Stages)
        {
            if (stage is { Started: { } started, Took: { } took } && stage.Stage != BootStage.Running && boot.Recorded.Add(stage.Stage))
            {
                metrics.BootStage(NameOf(stage.Stage), took, started - boot.Started);
            }
        }
    }

    /// <summary>The <see cref="MetricNames.StageTag"/> value: snake case, as Prometheus labels are.</summary>
    public static string NameOf(BootStage stage) => stage switch
    {
        BootStage.Dhcp => "dhcp",
        BootStage.BootFile => "boot_file",
        BootStage.Loader => "loader",
        BootStage.Config => "config",
        BootStage.Kernel => "kernel",
        BootStage.Initrd => "initrd",
        _ => "running",
    };
}
