namespace PxeHost.Protocol.Iso;

/// <summary>What the BIOS emulates for a boot image (El Torito 1.0 §2.2, boot media type, low 4 bits).</summary>
public enum ElToritoMediaType
{
    NoEmulation = 0,
    Floppy12M = 1,
    Floppy144M = 2,
    Floppy288M = 3,
    HardDisk = 4,
}
