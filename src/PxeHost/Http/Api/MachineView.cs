namespace PxeHost.Http.Api;

/// <summary>A machine entry of pxehost.yaml, with the line it is on.</summary>
public sealed record MachineView(string? Mac, string? Uuid, string? Hostname, string? Address, string? Boot, string? Loader, bool Once, string? Group, int Line);
