using System.Globalization;

namespace PxeHost.Protocol.Dhcp;

/// <summary>Option 93's architectures in the words people use for their machines ("UEFI x64", not "EfiBc"), for log lines.</summary>
public static class ClientArchitectureText
{
    /// <summary>"BIOS", "UEFI x64", "UEFI HTTP Boot arm64" …; a type the IANA registry did not have is "architecture N".</summary>
    public static string Words(this ClientArchitecture architecture) => architecture switch
    {
        ClientArchitecture.IntelX86Bios => "BIOS",
        ClientArchitecture.NecPc98 => "NEC PC-98",
        ClientArchitecture.EfiItanium => "UEFI Itanium",
        ClientArchitecture.DecAlpha => "DEC Alpha",
        ClientArchitecture.ArcX86 => "Arc x86",
        ClientArchitecture.IntelLeanClient => "Intel Lean Client",
        ClientArchitecture.EfiIa32 => "UEFI ia32",

        // Registered as EFI BC, sent by every x64 UEFI firmware (see ClientArchitecture).
        ClientArchitecture.EfiBc or ClientArchitecture.EfiX64 => "UEFI x64",
        ClientArchitecture.EfiXscale => "UEFI XScale",
        ClientArchitecture.EfiArm32 => "UEFI arm32",
        ClientArchitecture.EfiArm64 => "UEFI arm64",
        ClientArchitecture.PowerPcOpenFirmware => "PowerPC Open Firmware",
        ClientArchitecture.PowerPcEpapr => "PowerPC ePAPR",
        ClientArchitecture.PowerOpalV3 => "POWER OPAL v3",
        ClientArchitecture.EfiX86Http => "UEFI HTTP Boot ia32",
        ClientArchitecture.EfiX64Http => "UEFI HTTP Boot x64",
        ClientArchitecture.EfiEbcHttp => "UEFI HTTP Boot EBC",
        ClientArchitecture.EfiArm32Http => "UEFI HTTP Boot arm32",
        ClientArchitecture.EfiArm64Http => "UEFI HTTP Boot arm64",
        ClientArchitecture.PcBiosHttp => "BIOS HTTP Boot",
        ClientArchitecture.EfiRiscV32 => "UEFI riscv32",
        ClientArchitecture.EfiRiscV32Http => "UEFI HTTP Boot riscv32",
        ClientArchitecture.EfiRiscV64 => "UEFI riscv64",
        ClientArchitecture.EfiRiscV64Http => "UEFI HTTP Boot riscv64",
        ClientArchitecture.EfiLoongArch64 => "UEFI loongarch64",
        ClientArchitecture.EfiLoongArch64Http => "UEFI HTTP Boot loongarch64",
        _ => string.Create(CultureInfo.InvariantCulture, $"architecture {(ushort)architecture}"),
    };
}
