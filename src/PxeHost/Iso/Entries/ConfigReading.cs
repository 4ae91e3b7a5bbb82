using System.Text;

namespace PxeHost.Iso.Entries;

/// <summary>
/// One scan's access to the image: bounded reads of configuration text, path resolution to the
/// image's own spelling, and the list of problems met. Shared by the isolinux and GRUB readers.
/// </summary>
internal sealed class ConfigReading
{
    private const int MaxProblems = 100;
    private readonly List<string> _problems = [];
    private int _filesRead;

    public ConfigReading(IImageTree tree, IsoEntryLimits limits)
    {
        Tree = tree;
        Limits = limits;
    }

    public IImageTree Tree { get; }

    public IsoEntryLimits Limits { get; }

    public IReadOnlyList<string> Problems => _problems;

    public void Problem(string text)
    {
        if (_problems.Count < MaxProblems && !_problems.Contains(text))
        {
            _problems.Add(text);
        }
    }

    /// <summary>
    /// Joins <paramref name="path"/> to <paramref name="folder"/> unless it starts with '/', collapses
    /// "." and ".." and drops the leading '/'; null when it climbs out of the image's root.
    /// </summary>
    public static string? Normalize(string path, string folder)
    {
        var joined = path.StartsWith('/') ? path : $"{folder}/{path}";
        var segments = new List<string>();
        foreach (var segment in joined.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>The folder part of an image path ("" for a file at the root).</summary>
    public static string FolderOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>The file node at an image path, or null when there is none (or it is a directory).</summary>
    public ImageNode? FindFile(string? path) =>
        string.IsNullOrEmpty(path) ? null : Find(path) is { IsDirectory: false } node ? node : null;

    /// <summary>The directory node at an image path, or null.</summary>
    public ImageNode? FindDirectory(string path) => Find(path) is { IsDirectory: true } node ? node : null;

    // A corrupt image may only show its damage when a directory is walked: that is a problem of this
    // scan, not a reason to stop it.
    public ImageNode? Find(string path)
    {
        try
        {
            return Tree.Find(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Problem($"{path}: cannot be looked up ({e.Message})");
            return null;
        }
    }

    /// <summary>The children of a directory; empty (with a problem said) when it cannot be read.</summary>
    public IReadOnlyList<ImageNode> List(ImageNode directory)
    {
        try
        {
            return Tree.List(directory);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Problem($"{directory.Path}: cannot be listed ({e.Message})");
            return [];
        }
    }

    /// <summary>
    /// The text of a configuration file, or null (with a problem said) when it is missing, too large,
    /// unreadable, or the scan has read its share of files.
    /// </summary>
    public (ImageNode Node, string Text)? ReadText(string path, string where)
    {
        var node = FindFile(path);
        if (node is null)
        {
            Problem($"{where}: {path} is not in the image");
            return null;
        }

        if (node.Length > Limits.MaxConfigBytes)
        {
            Problem($"{where}: {node.Path} is {node.Length} bytes, over the {Limits.MaxConfigBytes}-byte limit for a configuration file; not read");
            return null;
        }

        if (++_filesRead > Limits.MaxFilesRead)
        {
            Problem($"{where}: more than {Limits.MaxFilesRead} configuration files; {node.Path} not read");
            return null;
        }

        return Read(node, where);
    }

    /// <summary>Up to <paramref name="count"/> bytes from the start of a file; empty when it cannot be read.</summary>
    public byte[] ReadHead(ImageNode node, int count)
    {
        try
        {
            using var file = Tree.Open(node);
            var buffer = new byte[(int)Math.Min(count, file.Length)];
            var read = file.Read(0, buffer);
            return buffer[..read];
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Problem($"{node.Path}: cannot be read ({e.Message})");
            return [];
        }
    }

    private (ImageNode Node, string Text)? Read(ImageNode node, string where)
    {
        try
        {
            using var file = Tree.Open(node);
            var buffer = new byte[(int)Math.Min(file.Length, Limits.MaxConfigBytes)];
            var read = file.Read(0, buffer);
            return (node, Encoding.UTF8.GetString(buffer, 0, read));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Problem($"{where}: {node.Path} cannot be read ({e.Message})");
            return null;
        }
    }
}
