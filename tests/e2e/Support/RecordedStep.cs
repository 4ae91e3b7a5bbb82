namespace PxeHost.E2E.Tests.Support;

/// <summary>One step of a <see cref="RecordedBoot"/>: its kind, what the machine asked, what it was answered, and why.</summary>
public sealed record RecordedStep(string Kind, string Asked, string Answered, string Why);
