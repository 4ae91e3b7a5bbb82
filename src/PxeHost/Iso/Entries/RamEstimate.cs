namespace PxeHost.Iso.Entries;

/// <summary>
/// The RAM a client needs, roughly: kernel + 3 × initrds (the compressed file, then its contents
/// unpacked into a tmpfs at about 2:1) + what the system fetches into RAM (the squashfs for fetch=
/// and root=live:, the whole image for url=, the installer image for inst.stage2=) + a base for the
/// running system (192 MiB; 16 MiB for memtest86+, which needs next to nothing). A whole image:
/// the image + 16 MiB (memdisk keeps all of it in RAM).
/// </summary>
internal static class RamEstimate
{
    public const long LinuxBase = 192L << 20;
    public const long SmallBase = 16L << 20;

    public static long Linux(string family, long kernel, long initrds, long fetched) =>
        kernel + (3 * initrds) + fetched + (family == "memtest" ? SmallBase : LinuxBase);

    public static long WholeImage(long image) => image + SmallBase;
}
