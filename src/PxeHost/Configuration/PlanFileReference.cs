namespace PxeHost.Configuration;

/// <summary>A kernel or initrd a profile names (a path or a URL), with the line that names it.</summary>
public sealed record PlanFileReference(string Profile, string Reference, SettingOrigin Origin);
