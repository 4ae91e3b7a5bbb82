namespace PxeHost.Http.Api;

/// <summary>The last edit of pxehost.yaml that was refused: each problem as file:line: key: reason, and the version still serving.</summary>
public sealed record PlanRefusalView(string File, IReadOnlyList<string> Errors, int KeptVersion);
