namespace PxeHost.Timeline;

/// <summary>A verdict or a note as printed.</summary>
public sealed record VerdictRow(string Kind, string Text, bool Note);
