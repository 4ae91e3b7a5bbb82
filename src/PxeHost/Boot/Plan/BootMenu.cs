namespace PxeHost.Boot.Plan;

/// <summary>A menu of profiles with a title, a timeout and the entry booted when it runs out.</summary>
public sealed record BootMenu
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    /// <summary>Entries by profile name, in display order.</summary>
    public required IReadOnlyList<string> Entries { get; init; }

    /// <summary>The profile booted when the timeout runs out; null: the first entry.</summary>
    public string? Default { get; init; }

    /// <summary>Zero boots the default at once; null waits for a choice.</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
