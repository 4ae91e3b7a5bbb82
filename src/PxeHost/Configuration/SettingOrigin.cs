namespace PxeHost.Configuration;

/// <summary>
/// Where a setting came from, so a complaint about it points there: a command-line flag
/// (<c>--dhcp-range</c>) or a line of the configuration file (<c>pxehost.yaml:12: dhcp.ranges[1]</c>).
/// </summary>
public sealed record SettingOrigin
{
    private SettingOrigin(string? file, int line, string key)
    {
        File = file;
        Line = line;
        Key = key;
    }

    /// <summary>The configuration file; null for a flag.</summary>
    public string? File { get; }

    public int Line { get; }

    /// <summary>The flag's name without dashes, or the key path in the file.</summary>
    public string Key { get; }

    public bool IsFlag => File is null;

    public static SettingOrigin Flag(string name) => new(null, 0, name);

    public static SettingOrigin InFile(string file, int line, string key) => new(file, line, key);

    public override string ToString() => File is null ? $"--{Key}" : $"{File}:{Line}: {Key}";
}
