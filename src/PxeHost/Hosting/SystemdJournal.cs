using System.Globalization;

namespace PxeHost.Hosting;

/// <summary>
/// Whether this process's standard output is systemd's journal. systemd.exec(5) sets JOURNAL_STREAM to
/// the DEVICE:INODE of the stream it connected; a program started from a service with its output
/// redirected elsewhere inherits the variable but not the stream, so the inode must still be stdout's.
/// journald stamps every line with the time itself and reads a leading "&lt;N&gt;" as its priority (sd-daemon(3)).
/// </summary>
public static class SystemdJournal
{
    /// <summary>True when stdout is the stream JOURNAL_STREAM names.</summary>
    public static bool IsStandardOutput() =>
        Names(Environment.GetEnvironmentVariable("JOURNAL_STREAM"), StreamInode(new FileInfo("/proc/self/fd/1").LinkTarget));

    /// <summary>Whether <paramref name="variable"/> ("DEVICE:INODE") names the stream whose inode is <paramref name="inode"/>.</summary>
    internal static bool Names(string? variable, ulong? inode) =>
        inode is { } stdout
        && variable?.Split(':') is [var device, var number]
        && ulong.TryParse(device, NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var named)
        && named == stdout;

    /// <summary>The inode of a socket or pipe as /proc/self/fd names it ("socket:[1234]"); null for anything else (a terminal, a file).</summary>
    internal static ulong? StreamInode(string? link)
    {
        foreach (var kind in (ReadOnlySpan<string>)["socket:[", "pipe:["])
        {
            if (link is not null && link.StartsWith(kind, StringComparison.Ordinal) && link.EndsWith(']')
                && ulong.TryParse(link.AsSpan(kind.Length, link.Length - kind.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                return inode;
            }
        }

        return null;
    }
}
