namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// Option 93 client system architecture (RFC 4578 §2.1 and the IANA "Processor Architecture Types"
/// registry). Type 7 was registered as EFI BC but every x64 UEFI firmware sends it, so it means x64.
/// </summary>
public enum ClientArchitecture : ushort
{
    IntelX86Bios = 0,
    NecPc98 = 1,
    EfiItanium = 2,
    DecAlpha = 3,
    ArcX86 = 4,
    IntelLeanClient = 5,
    EfiIa32 = 6,
    EfiBc = 7,
    EfiXscale = 8,
    EfiX64 = 9,
    EfiArm32 = 10,
    EfiArm64 = 11,
    PowerPcOpenFirmware = 12,
    PowerPcEpapr = 13,
    PowerOpalV3 = 14,
    EfiX86Http = 15,
    EfiX64Http = 16,
    EfiEbcHttp = 17,
    EfiArm32Http = 18,
    EfiArm64Http = 19,
    PcBiosHttp = 20,
    EfiRiscV32 = 25,
    EfiRiscV32Http = 26,
    EfiRiscV64 = 27,
    EfiRiscV64Http = 28,
    EfiLoongArch64 = 36,
    EfiLoongArch64Http = 37,
}
