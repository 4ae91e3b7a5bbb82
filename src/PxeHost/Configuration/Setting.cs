namespace PxeHost.Configuration;

/// <summary>A typed value and where it was given.</summary>
public sealed record Setting<T>(T Value, SettingOrigin Origin)
    where T : notnull;
