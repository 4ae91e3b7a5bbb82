namespace PxeHost.Iso;

/// <summary>
/// One way to boot an image, found in the image's own boot configuration (isolinux.cfg, syslinux.cfg,
/// grub.cfg) or, for an image with no recognisable layout, the whole image. Paths are inside the
/// image (<see cref="IImageTree"/> spelling). <see cref="NetworkArguments"/> are added to
/// <see cref="Arguments"/> so that a system which looks for its root on the CD fetches it over HTTP
/// instead; they may use <c>${iso}</c> (the URL under which the image's files are served, no trailing
/// '/') and <c>${image}</c> (the URL of the whole image file).
/// </summary>
public sealed record IsoBootEntry
{
    /// <summary>The menu title, as the image's configuration gives it.</summary>
    public required string Title { get; init; }

    public IsoEntryKind Kind { get; init; } = IsoEntryKind.Linux;

    /// <summary>The kernel inside the image (null for <see cref="IsoEntryKind.WholeImage"/>).</summary>
    public string? Kernel { get; init; }

    public IReadOnlyList<string> Initrds { get; init; } = [];

    /// <summary>
    /// The command line as the image's configuration gives it, less: the initrd= words (moved to
    /// <see cref="Initrds"/>); the words <see cref="NetworkArguments"/> replace (root=live:CDLABEL=…,
    /// inst.stage2=hd:…, inst.repo=hd:…, archisolabel=…, archisosearchuuid=…, rd.live.check); and the
    /// words that only make sense for an image loop-mounted from a disk (findiso=, iso-scan/filename=,
    /// img_loop=, img_dev=).
    /// </summary>
    public string Arguments { get; init; } = string.Empty;

    /// <summary>What is added for network boot, with <c>${iso}</c>/<c>${image}</c> placeholders.</summary>
    public string NetworkArguments { get; init; } = string.Empty;

    /// <summary>Which firmware the image's configuration offers the entry to.</summary>
    public IsoFirmware Firmware { get; init; } = IsoFirmware.Bios | IsoFirmware.Uefi;

    /// <summary>The recognised family: "debian-live", "ubuntu-casper", "dracut-live", "fedora-installer", "arch", "debian-installer", "memtest", or "plain".</summary>
    public string Family { get; init; } = "plain";

    /// <summary>How the booted system gets its files, in words for `iso list`: "all in the initrd", "squashfs over HTTP (fetch=)", ….</summary>
    public string Method { get; init; } = "all in the initrd";

    /// <summary>An estimate of the RAM the client needs, in bytes.</summary>
    public long RamBytes { get; init; }

    /// <summary>Where the entry was found: "isolinux/isolinux.cfg:12", "boot/grub/grub.cfg:30".</summary>
    public string Origin { get; init; } = string.Empty;

    /// <summary>Anything a person should know (e.g. "BIOS only: memdisk"); empty when nothing.</summary>
    public string Note { get; init; } = string.Empty;
}
