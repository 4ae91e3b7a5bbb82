namespace PxeHost.Hosting;

/// <summary>
/// How the <see cref="ServiceSupervisor"/> restarts a failed service: after <see cref="FirstDelay"/>,
/// doubling up to <see cref="MaxDelay"/>, and gives up — stops the host, so serve exits 1 — when it
/// failed <see cref="MaxFaults"/> times within <see cref="Window"/>. With the defaults five quick faults
/// take 1 + 2 + 4 + 8 s: a service that cannot work is reported within seconds, one that fails now and
/// then is never given up on.
/// </summary>
public sealed record SupervisionOptions
{
    public int MaxFaults { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the restart that follows the <paramref name="recentFaults"/>-th recent fault (1-based).</summary>
    public TimeSpan DelayAfter(int recentFaults)
    {
        var delay = FirstDelay;
        for (var i = 1; i < recentFaults && delay < MaxDelay; i++)
        {
            delay += delay;
        }

        return delay < MaxDelay ? delay : MaxDelay;
    }
}
