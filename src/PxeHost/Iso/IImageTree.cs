using PxeHost.Files;

namespace PxeHost.Iso;

/// <summary>
/// A read-only tree of files inside a boot image: an ISO 9660 image read in place, or (for tests and
/// unpacked media) a real folder. Paths are '/'-separated and relative to the image's root, without
/// a leading '/'. Lookups match exactly first, then ignoring case (ISO 9660 names are upper case,
/// boot configurations name them in lower case).
/// </summary>
public interface IImageTree : IDisposable
{
    /// <summary>The image's volume label (ISO 9660 volume identifier), or the folder's name.</summary>
    string Label { get; }

    /// <summary>The node at <paramref name="path"/>, or null when there is none. "" is the root.</summary>
    ImageNode? Find(string path);

    /// <summary>The children of a directory node; empty for a file.</summary>
    IReadOnlyList<ImageNode> List(ImageNode directory);

    /// <summary>Opens a file node for reads by offset; the caller disposes it.</summary>
    OpenedFile Open(ImageNode file);
}
