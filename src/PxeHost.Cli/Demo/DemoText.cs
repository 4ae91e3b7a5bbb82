using System.Globalization;
using PxeHost.Lab;

namespace PxeHost.Cli.Demo;

/// <summary>The words both views use: stage names, durations, transfers.</summary>
internal static class DemoText
{
    public static string Stage(BootStage stage) => stage switch
    {
        BootStage.Dhcp => "DHCP",
        BootStage.BootFile => "boot file",
        BootStage.Loader => "loader",
        BootStage.Config => "config",
        BootStage.Kernel => "kernel",
        BootStage.Initrd => "initrd",
        BootStage.Running => "running",
        _ => stage.ToString(),
    };

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Each stage that ended with its time, "skipped" for one the boot did not need: <c>DHCP 1.2 s · boot file 0.3 s · …</c>.</summary>
    public static string Times(BootProgress progress)
    {
        var ended = progress.Stages.Where(s => s.Took is not null).ToList();
        return string.Join(" · ", ended.Select(s => $"{Stage(s.Stage)} {Seconds(s.Took!.Value)}"));
    }

    public static string Transfer(TransferNow transfer)
    {
        var protocol = transfer.Tftp ? "TFTP" : "HTTP";
        var name = transfer.File.TrimStart('/');
        return transfer.Size is { } size
            ? string.Create(CultureInfo.InvariantCulture, $"{name} over {protocol}: {Megabytes(transfer.Bytes)} of {Megabytes(size)}")
            : $"{name} over {protocol}";
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
