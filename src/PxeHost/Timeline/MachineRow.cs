namespace PxeHost.Timeline;

/// <summary>A machine as <c>pxehost machines</c> lists it; the JSON field names are the camel-cased property names.</summary>
public sealed record MachineRow(string Mac, long Boot, string? Address, string Architecture, string Stage, string LastStep, string When, string VerdictKind, string Verdict);
