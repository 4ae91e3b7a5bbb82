using PxeHost.Files;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Iso;

/// <summary>
/// The library's images in the file chain: <c>iso/NAME.iso</c> is the whole image file, and
/// <c>iso/NAME/PATH</c> the file PATH inside it, read in place through the image's tree (lookups exact
/// first, then ignoring case, as <see cref="IImageTree"/> does). Trees are opened once and kept open
/// while the image is unchanged; one whose file changed or went away is closed when the library changes.
/// </summary>
public sealed class IsoFileSource : IFileSource, IDisposable
{
    /// <summary>The first segment of every name this source answers.</summary>
    public const string Prefix = "iso";

    private readonly IsoCatalog _catalog;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (IsoImage Image, IImageTree Tree)> _trees = new(StringComparer.Ordinal);

    public IsoFileSource(IsoCatalog catalog)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _catalog.Changed += (_, _) => CloseChanged();
    }

    public string Name => "iso images";

    /// <summary>How many trees are open now.</summary>
    public int OpenTrees
    {
        get
        {
            lock (_gate)
            {
                return _trees.Count;
            }
        }
    }

    /// <summary>Where the files of image <paramref name="name"/> are served, relative to the root: <c>iso/NAME</c>.</summary>
    public static string FolderOf(string name) => $"{Prefix}/{name}";

    /// <summary>Where image <paramref name="name"/> is served whole: <c>iso/NAME.iso</c>.</summary>
    public static string WholeImageOf(string name) => $"{Prefix}/{name}{IsoName.Extension}";

    public FileAnswer Open(string path, FileRequest request)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            return FileAnswer.NotMine;
        }

        var rest = path[(Prefix.Length + 1)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? OpenWhole(rest) : OpenInside(rest[..slash], rest[(slash + 1)..]);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (_, tree) in _trees.Values)
            {
                tree.Dispose();
            }

            _trees.Clear();
        }
    }

    private FileAnswer OpenWhole(string fileName)
    {
        if (IsoName.OfEntry(fileName) is not { } name || _catalog.Find(name) is not { } image)
        {
            return FileAnswer.NotMine;
        }

        if (image.Refusal is { } refused)
        {
            return FileAnswer.Refused(TftpErrorCode.FileNotFound, $"image {name} is refused: {refused}");
        }

        var handle = Unix.UnixFiles.Open(image.Path, Descriptor.ServeFlags, out var error);
        return handle is null ? Descriptor.Failed(error, image.Path) : Descriptor.Accept(handle, image.Path, Name);
    }

    private FileAnswer OpenInside(string name, string inner)
    {
        if (_catalog.Find(name) is not { } image)
        {
            return FileAnswer.NotMine;
        }

        if (image.Refusal is { } refused)
        {
            return FileAnswer.Refused(TftpErrorCode.FileNotFound, $"image {name} is refused: {refused}");
        }

        try
        {
            var tree = Tree(image);
            var node = tree.Find(inner);
            return node is null ? FileAnswer.Refused(TftpErrorCode.FileNotFound, $"no {inner} in image {name}")
                : node.IsDirectory ? FileAnswer.Refused(TftpErrorCode.FileNotFound, $"{node.Path} is a folder in image {name}")
                : FileAnswer.Opened(tree.Open(node));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The image changed under the index (rewritten, truncated): this request is refused with the reader's reason.
            return FileAnswer.Refused(TftpErrorCode.NotDefined, $"image {name}: {e.Message}");
        }
    }

    private IImageTree Tree(IsoImage image)
    {
        lock (_gate)
        {
            if (_trees.TryGetValue(image.Name, out var open) && open.Image.Describes(image.Target, image.Length, image.Modified))
            {
                return open.Tree;
            }

            open.Tree?.Dispose();
            var tree = _catalog.Library.Open(image.Path);
            _trees[image.Name] = (image, tree);
            return tree;
        }
    }

    private void CloseChanged()
    {
        lock (_gate)
        {
            foreach (var (name, open) in _trees.ToArray())
            {
                if (_catalog.Find(name) is not { } now || !now.Describes(open.Image.Target, open.Image.Length, open.Image.Modified))
                {
                    open.Tree.Dispose();
                    _trees.Remove(name);
                }
            }
        }
    }
}
