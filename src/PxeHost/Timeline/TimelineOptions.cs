namespace PxeHost.Timeline;

/// <summary>How much of the machines' boots the timeline keeps, and how it groups steps into boots.</summary>
public sealed record TimelineOptions
{
    /// <summary>The last boots kept per machine; older ones are pruned when a new one starts.</summary>
    public int BootsPerMachine { get; init; } = 10;

    /// <summary>Steps kept in all; the oldest go first beyond it (a flood of machines cannot fill the disk).</summary>
    public int MaxSteps { get; init; } = 200_000;

    /// <summary>
    /// A firmware DISCOVER after this much silence from the machine starts a new boot. PXE firmware
    /// retries an unanswered DISCOVER after 4, 8, 16 and 32 s (PXE 2.1 §2.2.1), and iPXE asks again
    /// seconds after its own download: both stay in the boot they belong to.
    /// </summary>
    public TimeSpan QuietGap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Events the recorder holds while the disk is slow; beyond it the oldest are dropped, never the publisher slowed.</summary>
    public int Backlog { get; init; } = 65536;

    /// <summary>Steps written in one transaction at most.</summary>
    public int BatchSize { get; init; } = 1024;
}
