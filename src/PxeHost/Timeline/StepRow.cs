namespace PxeHost.Timeline;

/// <summary>One step as <c>pxehost timeline</c> prints it: milliseconds from the boot's first step, what was asked, answered, and why.</summary>
public sealed record StepRow(long Milliseconds, string Time, string Kind, string Asked, string Answered, string Why);
