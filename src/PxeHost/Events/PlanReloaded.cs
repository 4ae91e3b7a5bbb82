namespace PxeHost.Events;

/// <summary>The edited configuration file was valid: its plan is now in force.</summary>
public sealed record PlanReloaded : BootEvent
{
    public required string File { get; init; }

    /// <summary>The plan's version after the reload (it counts reloads from 0 at start).</summary>
    public required int Version { get; init; }

    public int Profiles { get; init; }

    public int Menus { get; init; }

    public int Machines { get; init; }
}
