namespace PxeHost.Protocol.Iso;

/// <summary>What the Rock Ridge entries (RRIP 1.12) of one directory record say.</summary>
internal sealed record RockRidgeFields
{
    public static RockRidgeFields None { get; } = new();

    /// <summary>The alternate name (NM), or null when the record has none.</summary>
    public string? Name { get; init; }

    /// <summary>The POSIX mode (PX).</summary>
    public int? Mode { get; init; }

    /// <summary>The symbolic link's target (SL).</summary>
    public string? SymlinkTarget { get; init; }

    /// <summary>A relocated directory's real block (CL, RRIP §4.1.5.1): this file record stands for it.</summary>
    public uint? ChildLink { get; init; }

    /// <summary>The record is a relocated directory (RE) found again under its real parent by CL.</summary>
    public bool Relocated { get; init; }
}
