using System.Text.RegularExpressions;

namespace PxeHost.Timeline;

/// <summary>What a fetched file is, by its name: a Linux kernel, an initrd, a loader's configuration.</summary>
public static partial class BootFiles
{
    public static string NameOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var bare = query < 0 ? path : path[..query];
        return bare[(bare.LastIndexOf('/') + 1)..];
    }

    public static bool IsKernel(string path) => Kernel().IsMatch(NameOf(path));

    public static bool IsInitrd(string path) => Initrd().IsMatch(NameOf(path));

    /// <summary>PXELINUX's configuration search (pxelinux.cfg/…) and its modules; GRUB's grub.cfg and modules.</summary>
    public static string? LoaderOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains("pxelinux.cfg/", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".c32", StringComparison.OrdinalIgnoreCase))
        {
            return "PXELINUX";
        }

        return path.Contains("grub", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".efi", StringComparison.OrdinalIgnoreCase)
            && !path.EndsWith(".0", StringComparison.Ordinal)
            ? "GRUB"
            : null;
    }

    /// <summary>
    /// A GRUB image a firmware loads: PxeHost's netboot <c>grub/PLATFORM/core.0</c> or <c>core.efi</c>, Debian's
    /// <c>grubx64.efi</c> (loaded by shim) and signed <c>grubnetx64.efi</c>, and their ia32 and arm64 kin.
    /// </summary>
    public static bool IsGrubImage(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = NameOf(path);
        return GrubImage().IsMatch(name)
            || (name is "core.0" or "core.efi" && path.Contains("grub", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"^grub(net)?(x64|ia32|aa64|arm64)?\.(efi|pxe|0)(\.signed)?$", RegexOptions.IgnoreCase)]
    private static partial Regex GrubImage();

    /// <summary>Debian's vmlinuz-6.1.0-…, the installer's linux, bzImage, memtest86+x64.efi (a kernel of its own).</summary>
    [GeneratedRegex(@"^(vmlinu[xz]|linux$|bzimage|kernel|memtest)", RegexOptions.IgnoreCase)]
    private static partial Regex Kernel();

    [GeneratedRegex(@"^(initrd|initramfs)|\.(cpio|cpio\.gz)$", RegexOptions.IgnoreCase)]
    private static partial Regex Initrd();
}
