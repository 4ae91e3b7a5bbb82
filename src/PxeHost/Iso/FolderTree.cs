using PxeHost.Files;

namespace PxeHost.Iso;

/// <summary>
/// A real folder seen as an <see cref="IImageTree"/>: unpacked install media, and a tree tests build
/// without making an image. Nothing outside the folder is reachable: names are checked segment by
/// segment and symlinks are not followed out of it.
/// </summary>
public sealed class FolderTree : IImageTree
{
    private readonly string _root;

    public FolderTree(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"no folder {_root}");
        }

        Label = Path.GetFileName(_root.TrimEnd('/'));
    }

    public string Label { get; }

    public ImageNode? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = _root;
        var spelled = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment is "." or ".." || !Directory.Exists(current))
            {
                return null;
            }

            var name = Resolve(current, segment);
            if (name is null)
            {
                return null;
            }

            spelled.Add(name);
            current = Path.Combine(current, name);
        }

        return Node(current, string.Join('/', spelled));
    }

    public IReadOnlyList<ImageNode> List(ImageNode directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!directory.IsDirectory)
        {
            return [];
        }

        var full = Path.Combine(_root, directory.Path);
        return new DirectoryInfo(full).EnumerateFileSystemInfos()
            .Where(i => i.LinkTarget is null)
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .Select(i => Node(i.FullName, directory.Path.Length == 0 ? i.Name : $"{directory.Path}/{i.Name}"))
            .OfType<ImageNode>()
            .ToArray();
    }

    public OpenedFile Open(ImageNode file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.IsDirectory)
        {
            throw new ArgumentException($"{file.Path} is a directory", nameof(file));
        }

        var full = Path.Combine(_root, file.Path);
        var info = new FileInfo(full);
        var handle = File.OpenHandle(full);
        return new DiskFile(handle, new FileStamp(full, info.Length, info.LastWriteTimeUtc), $"folder {_root}");
    }

    public void Dispose()
    {
    }

    private static string? Resolve(string folder, string segment)
    {
        if (File.Exists(Path.Combine(folder, segment)) || Directory.Exists(Path.Combine(folder, segment)))
        {
            return new FileInfo(Path.Combine(folder, segment)).LinkTarget is null ? segment : null;
        }

        return new DirectoryInfo(folder).EnumerateFileSystemInfos()
            .Where(i => i.LinkTarget is null && string.Equals(i.Name, segment, StringComparison.OrdinalIgnoreCase))
            .Select(i => i.Name)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static ImageNode? Node(string full, string path) =>
        Directory.Exists(full) ? new ImageNode(path, IsDirectory: true, 0)
        : File.Exists(full) ? new ImageNode(path, IsDirectory: false, new FileInfo(full).Length)
        : null;
}
