using System.Text;
using Microsoft.Win32.SafeHandles;
using PxeHost.Protocol.Tftp;
using PxeHost.Unix;

namespace PxeHost.Files;

/// <summary>
/// Turns the result of an open(2) into an answer: the errno into a refusal with a reason an admin can
/// act on, and an open descriptor into a <see cref="DiskFile"/> only when it is a regular file.
/// </summary>
internal static class Descriptor
{
    /// <summary>Flags for opening a file to serve: O_NONBLOCK so a FIFO cannot hang the open, O_NOCTTY for ttys.</summary>
    public const int ServeFlags = UnixFiles.ReadOnly | UnixFiles.NonBlocking | UnixFiles.CloseOnExec | UnixFiles.NoControllingTerminal;

    /// <summary>
    /// Accepts an open descriptor when it is a regular file; anything else (FIFO, socket, device, folder)
    /// is refused and the descriptor closed. <paramref name="path"/> names it when /proc cannot.
    /// </summary>
    public static FileAnswer Accept(SafeFileHandle handle, string path, string source)
    {
        if (!UnixFiles.TryStatus(handle, out var status, out var error))
        {
            handle.Dispose();
            return FileAnswer.Refused(TftpErrorCode.NotDefined, $"cannot stat {path}: {UnixFiles.Describe(error)}");
        }

        if (status.Type != UnixFileType.RegularFile)
        {
            handle.Dispose();
            return FileAnswer.Refused(TftpErrorCode.FileNotFound, $"not a regular file: {Describe(status.Type)}");
        }

        var stamp = new FileStamp(UnixFiles.PathOf(handle) ?? path, status.Length, status.LastModified);
        return FileAnswer.Opened(new DiskFile(handle, stamp, source));
    }

    /// <summary>The answer to a failed open: a missing name is not the source's, everything else a refusal.</summary>
    public static FileAnswer Failed(Errno error, string path) => error switch
    {
        Errno.ENOENT or Errno.ENOTDIR => FileAnswer.NotMine,
        Errno.EACCES or Errno.EPERM => FileAnswer.Refused(TftpErrorCode.AccessViolation, DescribeUnreadable(path)),
        Errno.ELOOP => FileAnswer.Refused(TftpErrorCode.FileNotFound, "too many symlinks on the path (a loop?)"),
        Errno.ENXIO => FileAnswer.Refused(TftpErrorCode.FileNotFound, "not a regular file: a socket or a device with no driver"),
        Errno.EISDIR => FileAnswer.Refused(TftpErrorCode.FileNotFound, $"not a regular file: {Describe(UnixFileType.Directory)}"),
        Errno.ENAMETOOLONG => FileAnswer.Refused(TftpErrorCode.FileNotFound, "file name too long"),
        _ => FileAnswer.Refused(TftpErrorCode.NotDefined, $"cannot open {path}: {UnixFiles.Describe(error)}"),
    };

    /// <summary>
    /// Describes why the server cannot read a file: the tftpd-hpa "global read permissions" puzzle. The
    /// server reads as its own user (nobody unless --user says otherwise, never root), so a file only
    /// root may read is unreadable, and the fix names that user.
    /// </summary>
    public static string DescribeUnreadable(string path)
    {
        var user = UnixAccount.Current;
        var text = new StringBuilder("permission denied");
        try
        {
            var mode = File.GetUnixFileMode(path);
            text.Append($": mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}");
            if (!mode.HasFlag(UnixFileMode.OtherRead))
            {
                text.Append($" is not readable by the server's user {user.Name}");
            }
        }
        catch (UnauthorizedAccessException)
        {
            text.Append($": a folder on the path is not searchable by the server's user {user.Name}");
        }
        catch (IOException e)
        {
            text.Append(": ").Append(e.Message);
        }

        text.Append($"; the server runs as {user}: chmod o+r the file (and o+x its folders), or give it a group {user.Name} is in and chmod g+r");
        return text.ToString();
    }

    private static string Describe(UnixFileType type) => type switch
    {
        UnixFileType.Directory => "a folder",
        UnixFileType.Fifo => "a named pipe (FIFO)",
        UnixFileType.Socket => "a socket",
        UnixFileType.CharacterDevice or UnixFileType.BlockDevice => "a device",
        UnixFileType.SymbolicLink => "a symlink",
        _ => "an unknown kind of file",
    };
}
