using Microsoft.Win32.SafeHandles;
using PxeHost.Protocol.Tftp;
using PxeHost.Unix;

namespace PxeHost.Files;

/// <summary>
/// The served folder. A name is opened beneath it in one step (<see cref="BeneathPath"/>): symlinks
/// that stay inside are followed, one that leads out is an access violation naming where it leads,
/// and only a regular file is served — a FIFO, socket, device or folder is refused without hanging.
/// With case-insensitive lookup, a name missing as sent is looked for ignoring case (Windows-style
/// clients), and what is found is opened the same confined way.
/// </summary>
public sealed class RootFileSource : IFileSource
{
    private readonly bool _caseInsensitive;
    private readonly BeneathPath _beneath;

    public RootFileSource(string directory, bool caseInsensitive = false)
        : this(directory, caseInsensitive, useOpenat2: true)
    {
    }

    /// <summary>With <paramref name="useOpenat2"/> false, always walks (what kernels before 5.6 get).</summary>
    internal RootFileSource(string directory, bool caseInsensitive, bool useOpenat2)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        RealPath = UnixFileSystem.RealPath(directory)
            ?? throw new DirectoryNotFoundException($"The TFTP root '{directory}' does not exist.");
        if (!Directory.Exists(RealPath))
        {
            throw new DirectoryNotFoundException($"The TFTP root '{directory}' is not a directory.");
        }

        _caseInsensitive = caseInsensitive;
        _beneath = new BeneathPath(RealPath, Path.GetFullPath(directory), useOpenat2);
    }

    /// <summary>The root with symlinks resolved; every served file lies below it.</summary>
    public string RealPath { get; }

    public string Name => $"root {RealPath}";

    public FileAnswer Open(string path, FileRequest request)
    {
        ArgumentNullException.ThrowIfNull(path);

        // Opened per request, so a root folder replaced by the admin (a new release unpacked and moved
        // into place) is the one served.
        using var root = UnixFiles.Open(RealPath, UnixFiles.PathOnly | UnixFiles.DirectoryOnly | UnixFiles.CloseOnExec, out var error);
        if (root is null)
        {
            return FileAnswer.Refused(TftpErrorCode.NotDefined, $"cannot open the root {RealPath}: {UnixFiles.Describe(error)}");
        }

        var answer = OpenBeneath(root, path);
        if (answer.IsNotMine && _caseInsensitive && FindIgnoringCase(path) is { } other && other != path)
        {
            answer = OpenBeneath(root, other);
        }

        return answer;
    }

    private FileAnswer OpenBeneath(SafeFileHandle root, string path)
    {
        var full = Path.Join(RealPath, path);
        var handle = _beneath.Open(root, path, out var error);
        if (handle is not null)
        {
            return Descriptor.Accept(handle, full, Name);
        }

        if (error != Errno.EXDEV)
        {
            return Descriptor.Failed(error, full);
        }

        // The target is named for the admin only; what was refused was decided by the open above.
        return FileAnswer.Refused(TftpErrorCode.AccessViolation, UnixFileSystem.RealPath(full) is { } target
            ? $"resolves through a symlink to {target}, outside the root"
            : "resolves through a symlink to a place outside the root");
    }

    /// <summary>The name with each segment spelled as on disk, matched ignoring case; null when nothing matches.</summary>
    private string? FindIgnoringCase(string path)
    {
        var current = RealPath;
        var found = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            string? match;
            try
            {
                match = Directory.Exists(current)
                    ? Directory.EnumerateFileSystemEntries(current)
                        .Select(Path.GetFileName)
                        .FirstOrDefault(e => string.Equals(e, segment, StringComparison.OrdinalIgnoreCase))
                    : null;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // A folder we may not list has no case-insensitive matches; the exact name was already tried.
                match = null;
            }

            if (match is null)
            {
                return null;
            }

            found.Add(match);
            current = Path.Join(current, match);
        }

        return string.Join('/', found);
    }
}
