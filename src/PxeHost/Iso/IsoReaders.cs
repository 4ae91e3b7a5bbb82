namespace PxeHost.Iso;

/// <summary>
/// How the server and the command line read images: the opener (an image file as an
/// <see cref="IImageTree"/>) and the entry finder (an opened tree to its boot entries), handed to
/// <see cref="IsoLibrary"/>. The one place the ISO 9660 reader and the boot-configuration finder are
/// chosen. Until they are here, a folder (unpacked media) is read as its tree and a file is refused.
/// </summary>
public static class IsoReaders
{
    /// <summary>Opens <paramref name="path"/> (following links) as an image tree; throws with the reason it cannot.</summary>
    public static IImageTree Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return new FolderTree(path);
        }

        throw new NotSupportedException($"{path}: ISO 9660 images cannot be read by this build");
    }

    /// <summary>The boot entries found in an opened image of <paramref name="length"/> bytes.</summary>
    public static IReadOnlyList<IsoBootEntry> FindEntries(IImageTree tree, long length)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return [];
    }

    /// <summary>The library of <paramref name="dataDirectory"/> read with these readers.</summary>
    public static IsoLibrary Library(string dataDirectory, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(dataDirectory, Open, FindEntries, logger);
}
