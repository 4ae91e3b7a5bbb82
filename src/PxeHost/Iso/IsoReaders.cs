using PxeHost.Iso.Entries;

namespace PxeHost.Iso;

/// <summary>
/// How the server and the command line read images: the opener (an image file as an
/// <see cref="IImageTree"/>) and the entry finder (an opened tree to its boot entries), handed to
/// <see cref="IsoLibrary"/>. The one place the ISO 9660 reader and the boot-configuration finder are
/// chosen: a file is read in place as ISO 9660 (<see cref="IsoImageTree"/>), a folder (unpacked media)
/// as its tree; entries come from the image's own boot configurations (<see cref="IsoEntryFinder"/>).
/// </summary>
public static class IsoReaders
{
    private static readonly IsoEntryFinder Finder = new();

    /// <summary>Opens <paramref name="path"/> (following links) as an image tree; throws with the reason it cannot.</summary>
    public static IImageTree Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return new FolderTree(path);
        }

        return IsoImageTree.Open(path);
    }

    /// <summary>The boot entries found in an opened image of <paramref name="length"/> bytes.</summary>
    public static IReadOnlyList<IsoBootEntry> FindEntries(IImageTree tree, long length)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return Finder.Find(tree, length);
    }

    /// <summary>The library of <paramref name="dataDirectory"/> read with these readers.</summary>
    public static IsoLibrary Library(string dataDirectory, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(dataDirectory, Open, (tree, length) => Finder.Scan(tree, length), logger);
}
