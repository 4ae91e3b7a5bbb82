using PxeHost.Boot.Loaders;

namespace PxeHost.Boot;

/// <summary>
/// Bootloader files installed by the system's packages (the loader catalog's), served by name when the TFTP root lacks
/// them, so a bare root (or none) still boots BIOS and UEFI clients.
/// </summary>
public static class SystemBootloaders
{
    /// <summary>Every known file with where it is on this system, or the package that would provide it.</summary>
    public static IReadOnlyList<Bootloader> Discover(Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
        return LoaderCatalog.SystemFiles.Select(f => new Bootloader(f.Name, exists(f.Path) ? f.Path : null, f.Package, f.Purpose)).ToArray();
    }

    /// <summary>The same files looked for beneath <paramref name="systemRoot"/> instead of <c>/</c> (a system image mounted elsewhere).</summary>
    public static IReadOnlyList<Bootloader> DiscoverUnder(string systemRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(systemRoot);
        return LoaderCatalog.SystemFiles
            .Select(f => (File: f, Path: Path.Join(systemRoot, f.Path)))
            .Select(f => new Bootloader(f.File.Name, File.Exists(f.Path) ? f.Path : null, f.File.Package, f.File.Purpose))
            .ToArray();
    }

    /// <summary>The found files as name → path, for a <see cref="Files.NamedFileSource"/>.</summary>
    public static IReadOnlyDictionary<string, string> FoundFiles(IReadOnlyList<Bootloader> bootloaders) =>
        (bootloaders ?? []).Where(b => b.Found).ToDictionary(b => b.Name, b => b.Path!, StringComparer.Ordinal);
}
