namespace PxeHost.Timeline;

/// <summary>One boot of one machine as <c>pxehost timeline</c> prints it, with the numbers of the boots kept.</summary>
public sealed record BootReport(string Mac, long Boot, IReadOnlyList<long> Kept, string Started, IReadOnlyList<VerdictRow> Verdicts, IReadOnlyList<StepRow> Steps);
