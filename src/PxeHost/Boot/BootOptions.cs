namespace PxeHost.Boot;

/// <summary>What clients boot when no per-machine plan says otherwise: one boot file per kind of firmware.</summary>
public sealed record BootOptions
{
    /// <summary>For BIOS PXE firmware (architecture 0).</summary>
    public string BiosBootFile { get; init; } = "undionly.kpxe";

    /// <summary>For UEFI x64 PXE firmware (architectures 7 and 9).</summary>
    public string UefiBootFile { get; init; } = "snponly.efi";

    /// <summary>For UEFI arm64 PXE firmware (architecture 11); Debian ships no arm64 iPXE, so none by default.</summary>
    public string? Arm64BootFile { get; init; }

    /// <summary>What a client already running iPXE gets: an http(s) URL, or a path served over HTTP from the root.</summary>
    public string? IpxeScript { get; init; }

    /// <summary>The URL UEFI HTTP Boot firmware (vendor class HTTPClient) gets; default: the UEFI boot file over HTTP.</summary>
    public string? HttpBootUrl { get; init; }

    /// <summary>A PXE menu shown by PXE firmware (not by iPXE, which gets its script); null: boot the file directly.</summary>
    public PxeMenu? Menu { get; init; }
}
