using System.Globalization;
using System.Net.Sockets;

namespace PxeHost.Unix;

/// <summary>
/// Which processes hold a local UDP or TCP port, as <c>ss -lupn</c> finds them: the socket's inode from
/// /proc/net/{udp,udp6,tcp,tcp6} (this network namespace's), then the /proc/PID/fd link <c>socket:[INODE]</c>
/// that points at it. Used to say who is in the way when binding fails with EADDRINUSE.
/// </summary>
public static class PortHolders
{
    /// <summary>
    /// TCP_LISTEN and TCP_CLOSE (bound, not yet listening) in /proc/net/tcp's st column: these keep another
    /// from binding the port; a connection's ephemeral end does not stop a SO_REUSEADDR listener.
    /// </summary>
    private static readonly string[] TcpHolding = ["0A", "07"];

    /// <summary>The holders of <paramref name="port"/> (UDP or TCP), each process once; empty when nothing holds it.</summary>
    public static IReadOnlyList<PortHolder> Find(ProtocolType protocol, int port) => Find(protocol, port, "/proc");

    /// <summary>" (held by dnsmasq (pid 812))", or empty when no holder is found: to follow an "address already in use".</summary>
    public static string Describe(ProtocolType protocol, int port)
    {
        var holders = Find(protocol, port);
        return holders.Count == 0 ? string.Empty : $" (held by {string.Join(", ", holders)})";
    }

    internal static IReadOnlyList<PortHolder> Find(ProtocolType protocol, int port, string proc)
    {
        if (protocol is not (ProtocolType.Udp or ProtocolType.Tcp))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "UDP or TCP");
        }

        var table = protocol == ProtocolType.Udp ? "udp" : "tcp";
        var sockets = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var file in new[] { table, table + "6" }.Select(name => Path.Combine(proc, "net", name)).Where(File.Exists))
        {
            foreach (var (inode, uid) in Bound(File.ReadLines(file).Skip(1), port, protocol == ProtocolType.Tcp))
            {
                sockets.TryAdd(inode, uid);
            }
        }

        if (sockets.Count == 0)
        {
            return [];
        }

        var holders = Owners(proc, sockets);
        var seen = holders.Select(h => h.Inode).ToHashSet(StringComparer.Ordinal);
        return holders.Select(h => h.Holder).Distinct()
            .Concat(sockets.Where(s => !seen.Contains(s.Key)).Select(s => new PortHolder(0, null, s.Value)).Distinct())
            .ToList();
    }

    /// <summary>The (inode, uid) of each socket in a /proc/net table whose local port is <paramref name="port"/>.</summary>
    private static IEnumerable<(string Inode, uint Uid)> Bound(IEnumerable<string> lines, int port, bool listenersOnly)
    {
        // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."; the port is hex after the colon.
        foreach (var fields in lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 9))
        {
            var local = fields[1];
            var colon = local.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort) || localPort != port
                || (listenersOnly && !TcpHolding.Contains(fields[3])) || fields[9] == "0" || !uint.TryParse(fields[7], CultureInfo.InvariantCulture, out var uid))
            {
                continue;
            }

            yield return (fields[9], uid);
        }
    }

    /// <summary>The processes whose descriptors are among <paramref name="sockets"/>: every /proc/PID/fd this user may read.</summary>
    private static List<(string Inode, PortHolder Holder)> Owners(string proc, Dictionary<string, uint> sockets)
    {
        var found = new List<(string, PortHolder)>();
        foreach (var process in Directory.EnumerateDirectories(proc))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            foreach (var inode in SocketInodes(Path.Combine(process, "fd")).Where(sockets.ContainsKey))
            {
                found.Add((inode, new PortHolder(pid, Name(process), sockets[inode])));
            }
        }

        return found;
    }

    private static List<string> SocketInodes(string fds)
    {
        var inodes = new List<string>();
        try
        {
            foreach (var fd in Directory.EnumerateFiles(fds))
            {
                // "socket:[12345]"; a descriptor closed between listing and reading has no target.
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal) && target.EndsWith(']'))
                {
                    inodes.Add(target[8..^1]);
                }
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException or IOException)
        {
            // Another user's process (not ours to look into), or one that exited while we looked: its
            // sockets are reported by owner instead (see PortHolder).
            return inodes;
        }

        return inodes;
    }

    private static string Name(string process)
    {
        try
        {
            return File.ReadAllText(Path.Combine(process, "comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited after its descriptors were read.
            return "(exited)";
        }
    }
}
