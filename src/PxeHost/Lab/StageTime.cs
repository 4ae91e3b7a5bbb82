namespace PxeHost.Lab;

/// <summary>When one stage of a boot began and ended (null: not yet); both null for a stage the boot did not need.</summary>
public sealed record StageTime(BootStage Stage, DateTimeOffset? Started, DateTimeOffset? Ended)
{
    public TimeSpan? Took => Started is { } started && Ended is { } ended ? ended - started : null;
}
