namespace PxeHost.Iso.Entries;

/// <summary>One LABEL block while <see cref="SyslinuxConfigReader"/> reads it.</summary>
internal sealed class SyslinuxLabel(string name, string origin)
{
    public string Name { get; } = name;

    public string Origin { get; } = origin;

    public string Title { get; set; } = string.Empty;

    /// <summary>The keyword that named the kernel: "kernel", "linux", "com32", "localboot", "config", ….</summary>
    public string Type { get; set; } = string.Empty;

    public string? Kernel { get; set; }

    /// <summary>The APPEND text, or null when the label has none (the global APPEND applies).</summary>
    public string? Append { get; set; }

    public List<string> Initrds { get; } = [];

    public bool Hidden { get; set; }

    public bool MenuDefault { get; set; }
}
