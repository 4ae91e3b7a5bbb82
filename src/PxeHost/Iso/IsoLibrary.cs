using PxeHost.Iso.Entries;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Unix;

namespace PxeHost.Iso;

/// <summary>
/// The images PxeHost knows: the data folder's <c>isos/</c> is the truth. Every entry NAME.iso there —
/// a link <c>iso add</c> made to the admin's file (never a copy of a multi-GB image), or a file dropped
/// in — is an image, indexed once (opened, its boot entries found, the whole file hashed) and the
/// index cached in <c>isos/.index/NAME.json</c> by target, size and modification time, so a start or
/// a listing does not read the image again. An image the opener cannot read is listed as refused,
/// with the reason; nothing about it stops the others.
/// </summary>
public sealed class IsoLibrary
{
    public const string FolderName = "isos";

    public const string IndexFolderName = ".index";

    private const int HashBlock = 1 << 20;

    private readonly Func<string, IImageTree> _open;
    private readonly Func<IImageTree, long, IsoEntryScan> _scan;
    private readonly ILogger _logger;

    /// <param name="dataDirectory">The data folder; the library is its <c>isos/</c>.</param>
    /// <param name="open">Opens an image file as a tree (throws for an image it cannot read, with the reason).</param>
    /// <param name="findEntries">The boot entries of an opened image of the given size.</param>
    /// <param name="logger">Where indexing and refusals are logged.</param>
    public IsoLibrary(string dataDirectory, Func<string, IImageTree> open, Func<IImageTree, long, IReadOnlyList<IsoBootEntry>> findEntries, ILogger? logger = null)
        : this(dataDirectory, open, Scanning(findEntries), logger)
    {
    }

    /// <param name="dataDirectory">The data folder; the library is its <c>isos/</c>.</param>
    /// <param name="open">Opens an image file as a tree (throws for an image it cannot read, with the reason).</param>
    /// <param name="scan">The boot entries of an opened image of the given size, and the problems met finding them.</param>
    /// <param name="logger">Where indexing and refusals are logged.</param>
    public IsoLibrary(string dataDirectory, Func<string, IImageTree> open, Func<IImageTree, long, IsoEntryScan> scan, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Folder = Path.Combine(Path.GetFullPath(dataDirectory), FolderName);
        _open = open ?? throw new ArgumentNullException(nameof(open));
        _scan = scan ?? throw new ArgumentNullException(nameof(scan));
        _logger = logger ?? NullLogger.Instance;
    }

    private static Func<IImageTree, long, IsoEntryScan> Scanning(Func<IImageTree, long, IReadOnlyList<IsoBootEntry>> findEntries)
    {
        ArgumentNullException.ThrowIfNull(findEntries);
        return (tree, length) => new IsoEntryScan(findEntries(tree, length), []);
    }

    /// <summary>The folder of images (<c>DATA/isos</c>).</summary>
    public string Folder { get; }

    /// <summary>Opens an image file as a tree, as the library does (the file source keeps trees open with it).</summary>
    public IImageTree Open(string path) => _open(path);

    /// <summary>Every image in the folder, by name, each indexed or taken from its cache. An absent folder is an empty library.</summary>
    public IReadOnlyList<IsoImage> Scan(IProgress<IsoHashProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return Entries().Select(e => Index(e.Name, e.Path, progress, cancellationToken)).ToArray();
    }

    /// <summary>The entries of the folder that are images: (name, path), ordered by name.</summary>
    public IReadOnlyList<(string Name, string Path)> Entries() =>
        !Directory.Exists(Folder) ? []
        : new DirectoryInfo(Folder).EnumerateFileSystemInfos()
            .Select(i => (Name: IsoName.OfEntry(i.Name), Path: i.FullName))
            .Where(e => e.Name is not null && !Directory.Exists(e.Path))
            .Select(e => (e.Name!, e.Path))
            .OrderBy(e => e.Item1, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The image <paramref name="name"/> at <paramref name="path"/>: from its cache when the file is unchanged, else indexed now.</summary>
    public IsoImage Index(string name, string path, IProgress<IsoHashProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(path);
        var image = new IsoImage { Name = name, Path = path, Target = path };
        if (IsoName.Problem(name) is { } badName)
        {
            return Refuse(image, badName);
        }

        if (Version(path, out var target, out var length, out var modified) is { } missing)
        {
            return Refuse(image, missing);
        }

        image = image with { Target = target, Length = length, Modified = modified };
        if (ReadIndex(name) is { } cached && cached.Describes(target, length, modified))
        {
            return cached with { Name = name, Path = path };
        }

        var indexed = Build(image, progress, cancellationToken);
        WriteIndex(indexed);
        return indexed;
    }

    /// <summary>
    /// Adds <paramref name="file"/> as a link <c>isos/NAME.iso</c> and indexes it. Refused (null, with
    /// <paramref name="problem"/>): a name that is taken or unsafe, a path that is no regular file, a
    /// file the server's user cannot read (<paramref name="deniedToServer"/> says why, or null when it
    /// can), or an image the opener refuses (the link is then taken away again).
    /// </summary>
    public IsoImage? Add(string file, string? name, Func<string, string?>? deniedToServer, IProgress<IsoHashProgress>? progress, CancellationToken cancellationToken, out string? problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var full = Path.GetFullPath(file);
        name ??= IsoName.FromFile(full);
        problem = IsoName.Problem(name) ?? NotAnImageFile(full) ?? Clash(name) ?? deniedToServer?.Invoke(full);
        if (problem is not null)
        {
            return null;
        }

        Directory.CreateDirectory(Folder);
        var link = Path.Combine(Folder, name + IsoName.Extension);
        File.CreateSymbolicLink(link, full);
        var image = Index(name, link, progress, cancellationToken);
        if (image.Refusal is { } refused)
        {
            File.Delete(link);
            ForgetIndex(name);
            problem = $"{full}: {refused}";
            return null;
        }

        return image;
    }

    /// <summary>
    /// Removes the image <paramref name="name"/>: its link (never the file the link leads to), or the
    /// file itself when it was dropped into the folder, and its cached index. Null when removed, else why not.
    /// </summary>
    public string? Remove(string name, out string? removed)
    {
        removed = null;
        var entry = Entries().FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));
        if (entry.Name is null)
        {
            return $"no image named '{name}' in {Folder}";
        }

        var link = new FileInfo(entry.Path).LinkTarget;
        File.Delete(entry.Path);
        ForgetIndex(name);
        removed = link is null ? $"the file {entry.Path} (it was put into the folder itself)" : $"the link {entry.Path} (to {link}, which stays)";
        return null;
    }

    /// <summary>Where the index of <paramref name="name"/> is cached.</summary>
    public string IndexFile(string name) => Path.Combine(Folder, IndexFolderName, name + ".json");

    private void ForgetIndex(string name)
    {
        if (File.Exists(IndexFile(name)))
        {
            File.Delete(IndexFile(name));
        }
    }

    private IsoImage Build(IsoImage image, IProgress<IsoHashProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            using (var tree = _open(image.Path))
            {
                var scan = _scan(tree, image.Length);
                image = image with { Label = tree.Label, Entries = scan.Entries, Problems = scan.Problems };
            }

            image = image with { Sha256 = Hash(image, progress, cancellationToken) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A corrupt or hostile image is one refused image, with the opener's reason: never a failed scan.
            return Refuse(image, e.Message);
        }

        IsoLog.Indexed(_logger, image.Name, image.Target, image.Entries.Count, image.Sha256);
        return image;
    }

    private IsoImage Refuse(IsoImage image, string reason)
    {
        IsoLog.Refused(_logger, image.Name, reason);
        return image with { Refusal = reason, Entries = [], Problems = [], Sha256 = string.Empty };
    }

    private static string Hash(IsoImage image, IProgress<IsoHashProgress>? progress, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(image.Path, options: FileOptions.SequentialScan);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[HashBlock];
        long done = 0;
        progress?.Report(new IsoHashProgress(image.Name, 0, image.Length));
        for (int read; (read = RandomAccess.Read(handle, buffer, done)) > 0;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, read);
            done += read;
            progress?.Report(new IsoHashProgress(image.Name, done, image.Length));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The file an entry leads to and its version; or why there is none.</summary>
    private static string? Version(string path, out string target, out long length, out DateTimeOffset modified)
    {
        var info = new FileInfo(path);
        var real = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
        target = real?.FullName ?? path;
        length = 0;
        modified = default;
        if (real is null || !real.Exists)
        {
            return $"{path} leads to {target}, which is not there";
        }

        length = real.Length;
        modified = new DateTimeOffset(real.LastWriteTimeUtc, TimeSpan.Zero);
        return null;
    }

    private IsoImage? ReadIndex(string name)
    {
        var file = IndexFile(name);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), IsoIndexJsonContext.Default.IsoImage);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            IsoLog.IndexUnreadable(_logger, name, file, e.Message);
            return null;
        }
    }

    private void WriteIndex(IsoImage image)
    {
        var file = IndexFile(image.Name);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + ".new";
            File.WriteAllText(temporary, JsonSerializer.Serialize(image, IsoIndexJsonContext.Default.IsoImage));
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            IsoLog.IndexUnwritable(_logger, image.Name, file, e.Message);
        }
    }

    /// <summary>Why <paramref name="path"/> cannot be an image: missing, a folder, a device or a pipe; null for a regular file.</summary>
    private static string? NotAnImageFile(string path)
    {
        using var handle = UnixFiles.Open(path, UnixFiles.PathOnly | UnixFiles.CloseOnExec, out var error);
        if (handle is null || !UnixFiles.TryStatus(handle, out var status, out error))
        {
            return $"{path}: {UnixFiles.Describe(error)}";
        }

        return status.Type == UnixFileType.RegularFile ? null : $"{path} is not a regular file ({status.Type.ToString().ToLowerInvariant()})";
    }

    /// <summary>A name already in the folder, in any case (NAME.iso and name.ISO would be one URL on a case-insensitive lookup).</summary>
    private string? Clash(string name)
    {
        var taken = Entries().FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        return taken.Name is null ? null
            : $"an image named '{taken.Name}' is already there ({taken.Path}): iso remove {taken.Name} first, or choose another --name";
    }
}
