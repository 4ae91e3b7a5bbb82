namespace PxeHost.Files;

/// <summary>
/// For a name the root does not have, a file beside where it was looked for that the admin probably
/// meant: the same name in another case (TFTP names are case-sensitive on Linux, and firmware set up
/// on Windows servers asks for PXELINUX.0), or the same stem with another boot-program extension
/// (<c>.0</c> for BIOS, <c>.efi</c> for UEFI, iPXE's <c>.kpxe</c>/<c>.pxe</c>).
/// </summary>
public static class NearMiss
{
    /// <summary>A folder with more entries than this is not searched: a miss must stay cheap.</summary>
    public const int MaxEntries = 4096;

    private static readonly string[] BootExtensions = [".0", ".efi", ".kpxe", ".pxe"];

    /// <summary>"SNPONLY.EFI (differs only in case)" or "pxelinux.0 (.0, not .efi)"; null when there is none.</summary>
    public static string? Find(string root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetFullPath(Path.Join(root, Path.GetDirectoryName(path)));
        var name = Path.GetFileName(path);
        if (name.Length == 0 || !folder.StartsWith(Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
        {
            return null;
        }

        List<string> entries;
        try
        {
            entries = [.. Directory.EnumerateFiles(folder).Take(MaxEntries + 1).Select(Path.GetFileName).OfType<string>()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that is missing or may not be listed has no near misses; the refusal stands as it is.
            return null;
        }

        if (entries.Count > MaxEntries)
        {
            return null;
        }

        if (entries.FirstOrDefault(e => e != name && string.Equals(e, name, StringComparison.OrdinalIgnoreCase)) is { } cased)
        {
            return $"{cased} (differs only in case)";
        }

        var extension = Path.GetExtension(name);
        if (!BootExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var stem = Path.GetFileNameWithoutExtension(name);
        return entries.FirstOrDefault(e => string.Equals(Path.GetFileNameWithoutExtension(e), stem, StringComparison.OrdinalIgnoreCase)
            && BootExtensions.Contains(Path.GetExtension(e), StringComparer.OrdinalIgnoreCase)) is { } other
            ? $"{other} ({Path.GetExtension(other)}, not {extension})"
            : null;
    }
}
