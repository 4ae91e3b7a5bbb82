namespace PxeHost.Events;

/// <summary>
/// Says when a transfer's progress is worth an event: at least <see cref="MinBytes"/> more and at least
/// <see cref="MinInterval"/> since the last one. Both limits, so a fast transfer on a LAN sends about one
/// event a second rather than hundreds, and the stream's history keeps a boot's milestones instead of
/// a flood of progress.
/// </summary>
public sealed class ProgressThrottle(TimeProvider time)
{
    public const long MinBytes = 256 * 1024;

    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private long _lastBytes;
    private long _lastAt = time.GetTimestamp();

    /// <summary>True when <paramref name="bytes"/> (acknowledged so far) should be published; it then counts as the last report.</summary>
    public bool ShouldReport(long bytes)
    {
        if (bytes - _lastBytes < MinBytes || time.GetElapsedTime(_lastAt) < MinInterval)
        {
            return false;
        }

        _lastBytes = bytes;
        _lastAt = time.GetTimestamp();
        return true;
    }
}
