using Microsoft.Win32.SafeHandles;
using PxeHost.Files;
using PxeHost.Protocol.Iso;

namespace PxeHost.Iso;

/// <summary>
/// An ISO 9660 image file read in place as an <see cref="IImageTree"/>: the tree is indexed once at
/// open (the reader refuses a corrupt or hostile image there), and files are read through their
/// extents with positional reads on one handle, safe for concurrent TFTP and HTTP transfers.
/// <see cref="Find"/> follows Rock Ridge links inside the image; <see cref="List"/> leaves links out,
/// as <see cref="FolderTree"/> does, so that a walk over the tree cannot loop ("ubuntu -> .").
/// </summary>
public sealed class IsoImageTree : IImageTree
{
    private readonly SafeFileHandle _handle;

    private IsoImageTree(string path, SafeFileHandle handle, IsoVolume volume, DateTimeOffset modified)
    {
        ImagePath = path;
        _handle = handle;
        Volume = volume;
        ImageStamp = new FileStamp(path, volume.Medium.Length, modified);
    }

    /// <summary>The image file's full path.</summary>
    public string ImagePath { get; }

    /// <summary>The image file's own stamp (path, length, modification time) as it was at open.</summary>
    public FileStamp ImageStamp { get; }

    public IsoVolume Volume { get; }

    public string Label => Volume.Label;

    /// <summary>The image's El Torito boot images, with their platform (BIOS, EFI) and the file holding each.</summary>
    public IReadOnlyList<ElToritoBootEntry> BootEntries => Volume.BootEntries;

    /// <summary>Why the image's El Torito catalog was dropped, or null.</summary>
    public string? BootCatalogProblem => Volume.BootCatalogProblem;

    /// <summary>Opens and indexes an image file.</summary>
    /// <exception cref="IsoFormatException">The image is corrupt, truncated, hostile or beyond <paramref name="limits"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IsoImageTree Open(string path, IsoLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            var modified = File.GetLastWriteTimeUtc(handle);
            var volume = IsoVolume.Open(new IsoFileMedium(handle, RandomAccess.GetLength(handle)), limits);
            return new IsoImageTree(full, handle, volume, new DateTimeOffset(modified, TimeSpan.Zero));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public ImageNode? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Volume.Find(path) is { } entry ? Node(entry) : null;
    }

    public IReadOnlyList<ImageNode> List(ImageNode directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Volume.Find(directory.Path) is { IsDirectory: true } entry
            ? [.. entry.Children.Where(c => c.Type != IsoEntryType.Symlink).Select(Node)]
            : [];
    }

    public OpenedFile Open(ImageNode file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var entry = Volume.Find(file.Path) ?? throw new FileNotFoundException($"no {file.Path} in {ImagePath}", file.Path);
        if (entry.IsDirectory)
        {
            throw new ArgumentException($"{file.Path} is a directory", nameof(file));
        }

        // The stamp names the image and the file inside it, and carries the image's time: an ETag changes when the image does.
        var stamp = new FileStamp($"{ImagePath}:/{entry.Path}", entry.Length, ImageStamp.LastModified);
        return new IsoFile(_handle, entry, stamp, $"iso {ImagePath}");
    }

    public void Dispose() => _handle.Dispose();

    private static ImageNode Node(IsoEntry entry) => new(entry.Path, entry.IsDirectory, entry.IsDirectory ? 0 : entry.Length);
}
