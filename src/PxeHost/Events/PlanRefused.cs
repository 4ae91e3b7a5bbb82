namespace PxeHost.Events;

/// <summary>The edited configuration file had errors: the last good plan keeps serving.</summary>
public sealed record PlanRefused : BootEvent
{
    public required string File { get; init; }

    /// <summary>Each problem as the log says it: file:line: key: what is wrong.</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>The version still in force.</summary>
    public required int KeptVersion { get; init; }
}
