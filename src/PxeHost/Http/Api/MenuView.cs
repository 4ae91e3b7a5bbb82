namespace PxeHost.Http.Api;

/// <summary>A menu of the plan: its entries by profile name; the timeout in seconds, null to wait for a choice.</summary>
public sealed record MenuView(string Name, string Title, IReadOnlyList<string> Entries, string? Default, double? TimeoutSeconds);
