namespace PxeHost.Protocol.Iso;

/// <summary>
/// One boot image of the El Torito catalog: the initial/default entry or a section entry.
/// <see cref="LoadRba"/> is the image's first block; <see cref="SectorCount"/> counts 512-byte
/// virtual sectors the BIOS loads (EFI images often say 0 or 1: the firmware reads the FAT image
/// itself). <see cref="ImagePath"/> is the file in the tree that starts at that block, when one does.
/// </summary>
public sealed record ElToritoBootEntry(
    ElToritoPlatform Platform,
    bool Bootable,
    ElToritoMediaType MediaType,
    ushort LoadSegment,
    byte SystemType,
    ushort SectorCount,
    uint LoadRba)
{
    /// <summary>The section header's identifier, or "" for the initial/default entry.</summary>
    public string Section { get; init; } = string.Empty;

    /// <summary>The path (tree spelling) of the file holding the boot image, or null when no file starts there.</summary>
    public string? ImagePath { get; init; }
}
