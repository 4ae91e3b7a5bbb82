namespace PxeHost.Http.Api;

/// <summary>A profile of the plan as loaded.</summary>
public sealed record ProfileView(string Name, string Title, string Kind, string? Kernel, IReadOnlyList<string> Initrds, string CommandLine, string? ChainTarget);
