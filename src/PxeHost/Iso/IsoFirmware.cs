namespace PxeHost.Iso;

/// <summary>The firmware an ISO entry is offered to.</summary>
[Flags]
public enum IsoFirmware
{
    None = 0,
    Bios = 1,
    Uefi = 2,
}
