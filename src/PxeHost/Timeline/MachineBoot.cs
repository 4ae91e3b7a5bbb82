namespace PxeHost.Timeline;

/// <summary>One boot of one machine as stored: its number (counting from 1, per machine, never reused) and its steps in order.</summary>
public sealed record MachineBoot(string Mac, long Number, IReadOnlyList<TimelineStep> Steps);
