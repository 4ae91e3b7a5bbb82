namespace PxeHost.Boot.Loaders;

/// <summary>
/// The firmware a network boot program is built for. Several option 93 types share one: EFI BC (7) is
/// what x64 UEFI sends, and HTTP Boot (16, 19) fetches the same EFI binary as PXE does.
/// </summary>
public enum LoaderFirmware
{
    /// <summary>PC BIOS with a PXE ROM (type 0).</summary>
    Bios,

    /// <summary>UEFI on x86-64 (types 7, 9; HTTP Boot 16).</summary>
    UefiX64,

    /// <summary>UEFI on arm64 (type 11; HTTP Boot 19).</summary>
    UefiArm64,
}
