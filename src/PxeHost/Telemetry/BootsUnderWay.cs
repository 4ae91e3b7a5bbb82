using PxeHost.Timeline;

namespace PxeHost.Telemetry;

/// <summary>
/// Each machine's current boot, told apart as the timeline tells boots apart (<see cref="BootBoundary"/>).
/// Bounded: past <paramref name="capacity"/> machines, the half seen longest ago are forgotten (a network of
/// strangers cannot grow it), and so is a boot's step list past <paramref name="stepsPerBoot"/>. Not thread-safe:
/// its owner serialises calls.
/// </summary>
public sealed class BootsUnderWay(TimeSpan quietGap, int capacity = BootsUnderWay.DefaultCapacity, int stepsPerBoot = BootsUnderWay.DefaultStepsPerBoot)
{
    public const int DefaultCapacity = 4096;

    public const int DefaultStepsPerBoot = 512;

    private readonly Dictionary<string, BootUnderWay> _boots = new(StringComparer.Ordinal);

    public int Count => _boots.Count;

    /// <summary>
    /// Adds the step to its machine's boot; when it begins a new boot, that boot is returned with
    /// <paramref name="began"/> set, and the boot it ends (or the boots forgotten to make room) in <paramref name="ended"/>.
    /// </summary>
    public BootUnderWay Add(TimelineStep step, out bool began, List<BootUnderWay> ended)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(ended);
        var known = _boots.TryGetValue(step.Mac, out var boot);
        began = BootBoundary.StartsBoot(step, known ? boot!.LastSeen : null, quietGap);
        if (began)
        {
            if (known)
            {
                ended.Add(boot!);
            }
            else if (_boots.Count >= capacity)
            {
                ended.AddRange(Forget(capacity / 2));
            }

            boot = new BootUnderWay(step.Mac, step.Time);
            _boots[step.Mac] = boot;
        }

        boot!.LastSeen = step.Time;
        boot.Grew = step.Kind != TimelineStepKind.TftpProgress && boot.Steps.Count < stepsPerBoot;
        if (boot.Grew)
        {
            boot.Steps.Add(step);
        }

        return boot;
    }

    /// <summary>The boots nothing was heard of for the quiet gap by <paramref name="now"/>: still kept (a later step belongs to them), but over for now.</summary>
    public IEnumerable<BootUnderWay> QuietSince(DateTimeOffset now) => _boots.Values.Where(b => now - b.LastSeen >= quietGap);

    public IEnumerable<BootUnderWay> All => _boots.Values;

    private List<BootUnderWay> Forget(int count)
    {
        var oldest = _boots.Values.OrderBy(b => b.LastSeen).Take(count).ToList();
        foreach (var boot in oldest)
        {
            _boots.Remove(boot.Mac);
        }

        return oldest;
    }
}
