namespace PxeHost.Protocol.Iso;

/// <summary>The platform a boot catalog section is for (El Torito 1.0 §2.1, and UEFI 2.x §13.3.2.1 for EFI).</summary>
public enum ElToritoPlatform
{
    X86Bios = 0x00,
    PowerPc = 0x01,
    Mac = 0x02,
    Efi = 0xEF,
}
