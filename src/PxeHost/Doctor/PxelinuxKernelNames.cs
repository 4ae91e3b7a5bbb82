namespace PxeHost.Doctor;

/// <summary>
/// Check 5: PXELINUX's KERNEL picks the loader by the file's extension (syslinux doc/syslinux.txt):
/// .bin, .bs and .bss are boot sectors, .com and .cbt COMBOOT images, so a Linux kernel or
/// memtest86+ named like that is "booted" as a boot sector and does nothing. PxeHost's renderer writes
/// LINUX for kernels and memtest (always a Linux-protocol kernel), so only hand-written files in the
/// root's pxelinux.cfg/ can trip on it. .c32 and .0 are left alone: KERNEL menu.c32 and KERNEL
/// pxelinux.0 are what those extensions are for.
/// </summary>
public static class PxelinuxKernelNames
{
    private static readonly string[] Misread = [".bin", ".bs", ".bss", ".com", ".cbt"];

    public static IEnumerable<DoctorFinding> Check(string? tftpRoot)
    {
        var folder = tftpRoot is null ? null : Path.Combine(tftpRoot, "pxelinux.cfg");
        if (folder is null || !Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var words = line.Split((char[])[' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
                if (words is [var directive, var name, ..] && directive.Equals("kernel", StringComparison.OrdinalIgnoreCase)
                    && Misread.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) is { } extension)
                {
                    yield return DoctorFinding.Warns(
                        $"{file}:{number}: KERNEL {name}: PXELINUX loads a {extension} file as a {(extension is ".com" or ".cbt" ? "COMBOOT image" : "boot sector")}, not as a Linux kernel",
                        $"if it is a Linux kernel or memtest86+, write LINUX {name} instead of KERNEL (or rename it without {extension})");
                }
            }
        }
    }
}
