using PxeHost.Protocol.Dhcp;
using PxeHost.Timeline;

namespace PxeHost.Lab;

/// <summary>
/// A boot as it happens, from its timeline steps alone: the stage it is in, when each stage began and
/// ended, the file being sent now, the address it got. What the demo shows per machine; the files are
/// told apart by name (<see cref="BootFiles"/>): kernels, initrds, configurations (pxelinux.cfg/…,
/// *.ipxe, grub.cfg), PXELINUX modules (*.c32), and anything else fetched first is the boot file.
/// </summary>
public sealed record BootProgress(BootStage Current, IReadOnlyList<StageTime> Stages, TransferNow? Transfer, string? Address)
{
    /// <param name="steps">One boot's steps, in order.</param>
    /// <param name="running">When the machine was seen running its system (its console), null until then.</param>
    public static BootProgress Of(IReadOnlyList<TimelineStep> steps, DateTimeOffset? running = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var first = steps.Count > 0 ? steps[0].Time : (DateTimeOffset?)null;
        var ack = steps.FirstOrDefault(s => s.Kind == TimelineStepKind.DhcpAnswer && s.Reply == DhcpMessageType.Ack)?.Time;
        var bootFile = Fetch(steps, FileKind.BootFile);
        var config = Fetch(steps, FileKind.Config);
        var module = Fetch(steps, FileKind.Module);
        var kernel = Fetch(steps, FileKind.Kernel);
        var initrd = Fetch(steps, FileKind.Initrd);

        // The loader runs from the end of its boot file (or, for firmware that is iPXE already, from the
        // DHCP answer) until it asks for its configuration; the configuration stage holds the menu, until
        // the kernel is asked for.
        var loaderStart = bootFile.Ended ?? (bootFile.Started is null && (module.Started ?? config.Started) is not null ? ack : null);
        var loaderEnd = config.Started ?? (loaderStart is null ? null : kernel.Started);
        var stages = new List<StageTime>
        {
            new(BootStage.Dhcp, first, ack ?? bootFile.Started ?? config.Started),
            new(BootStage.BootFile, bootFile.Started, bootFile.Ended),
            new(BootStage.Loader, loaderStart, loaderEnd),
            new(BootStage.Config, config.Started, config.Started is null ? null : kernel.Started),
            new(BootStage.Kernel, kernel.Started, kernel.Ended),
            new(BootStage.Initrd, initrd.Started, initrd.Ended),
            new(BootStage.Running, running is null ? null : initrd.Ended ?? kernel.Ended, running),
        };

        return new BootProgress(CurrentOf(stages), stages, TransferOf(steps), AddressOf(steps));
    }

    /// <summary>The last stage begun, or the one after it when it has ended (a stage skipped, like the boot file of firmware that is iPXE already, is passed over).</summary>
    private static BootStage CurrentOf(List<StageTime> stages)
    {
        var begun = stages.LastOrDefault(s => s.Started is not null);
        return begun switch
        {
            null => BootStage.Dhcp,
            { Ended: not null, Stage: < BootStage.Running } => begun.Stage + 1,
            _ => begun.Stage,
        };
    }

    private static (DateTimeOffset? Started, DateTimeOffset? Ended) Fetch(IReadOnlyList<TimelineStep> steps, FileKind kind)
    {
        var started = steps.FirstOrDefault(s => s.Kind is TimelineStepKind.TftpStarted or TimelineStepKind.HttpStarted && KindOf(s.File!) == kind);
        if (started is null)
        {
            return (null, null);
        }

        var ended = steps.FirstOrDefault(s => s.Delivered && s.Time >= started.Time && KindOf(s.File!) == kind);
        return (started.Time, ended?.Time);
    }

    /// <summary>The last transfer started that has not ended, with its latest progress.</summary>
    private static TransferNow? TransferOf(IReadOnlyList<TimelineStep> steps)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var step = steps[i];
            if (step.Kind is TimelineStepKind.TftpEnded or TimelineStepKind.HttpEnded)
            {
                return null;
            }

            if (step.Kind is TimelineStepKind.TftpStarted or TimelineStepKind.HttpStarted)
            {
                var progress = steps.Skip(i + 1).LastOrDefault(s => s.Kind == TimelineStepKind.TftpProgress && s.File == step.File);
                return new TransferNow(step.File!, step.Kind == TimelineStepKind.TftpStarted, progress?.Bytes ?? 0, progress?.Size ?? step.Size);
            }
        }

        return null;
    }

    private static string? AddressOf(IReadOnlyList<TimelineStep> steps) =>
        steps.LastOrDefault(s => s.Kind == TimelineStepKind.DhcpAnswer && s.Offered is not null)?.Offered;

    private static FileKind KindOf(string path)
    {
        var name = BootFiles.NameOf(path);
        if (BootFiles.IsKernel(path))
        {
            return FileKind.Kernel;
        }

        if (BootFiles.IsInitrd(path))
        {
            return FileKind.Initrd;
        }

        if (name.EndsWith(".c32", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Module;
        }

        return BootFiles.LoaderOf(path) is not null || name.EndsWith(".ipxe", StringComparison.OrdinalIgnoreCase) || path.Contains("/boot/", StringComparison.Ordinal)
            ? FileKind.Config
            : FileKind.BootFile;
    }

    private enum FileKind
    {
        BootFile,
        Module,
        Config,
        Kernel,
        Initrd,
    }
}
