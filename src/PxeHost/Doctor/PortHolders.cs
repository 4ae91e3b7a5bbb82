using System.Globalization;
using System.Net.Sockets;

namespace PxeHost.Doctor;

/// <summary>
/// Who holds a port, from procfs: the port's sockets in /proc/net/{udp,udp6,tcp,tcp6} (TCP: listening
/// ones only) give their inodes, and each process's /proc/PID/fd links <c>socket:[INODE]</c> name the
/// process. Reads the network namespace this process runs in, as the server would bind in it.
/// </summary>
public sealed class PortHolders
{
    private const string TcpListen = "0A";
    private readonly string _proc;

    /// <param name="proc">Where procfs is mounted (/proc).</param>
    public PortHolders(string proc = "/proc") => _proc = proc;

    /// <summary>Whether anything is bound to <paramref name="port"/>, and the processes that hold it (empty when they cannot be seen: another user's, without root).</summary>
    public (bool Bound, IReadOnlyList<PortHolder> Holders) Find(ProtocolType protocol, int port)
    {
        var name = protocol == ProtocolType.Tcp ? "tcp" : "udp";
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { name, name + "6" }.Select(t => Path.Combine(_proc, "net", t)).Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                if (SocketOf(line, port, protocol == ProtocolType.Tcp) is { } inode)
                {
                    inodes.Add(inode);
                }
            }
        }

        return inodes.Count == 0 ? (false, []) : (true, HoldersOf(inodes));
    }

    /// <summary>The inode of a /proc/net table row bound to the port: "sl local rem st tx:rx tr:when retrnsmt uid timeout inode".</summary>
    private static string? SocketOf(string line, int port, bool listeningOnly)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 10 || fields[1].Split(':') is not [_, var hexPort]
            || !int.TryParse(hexPort, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bound) || bound != port)
        {
            return null;
        }

        return (listeningOnly && fields[3] != TcpListen) || fields[9] == "0" ? null : fields[9];
    }

    private List<PortHolder> HoldersOf(HashSet<string> inodes)
    {
        var links = inodes.Select(i => $"socket:[{i}]").ToHashSet(StringComparer.Ordinal);
        var holders = new List<PortHolder>();
        foreach (var process in Directory.EnumerateDirectories(_proc))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (Descriptors(process).Any(links.Contains))
            {
                holders.Add(new PortHolder(pid, Command(process)));
            }
        }

        return holders;
    }

    /// <summary>The targets of a process's descriptor links; none for a process this user may not look into, or one that ended meanwhile.</summary>
    private static IEnumerable<string> Descriptors(string process)
    {
        string[] descriptors;
        try
        {
            descriptors = Directory.GetFiles(Path.Combine(process, "fd"));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException or IOException)
        {
            // Another user's process (without root) or one that exited: it cannot be named, and the caller says so.
            return [];
        }

        return descriptors.Select(LinkTarget).OfType<string>();
    }

    private static string? LinkTarget(string descriptor)
    {
        try
        {
            return new FileInfo(descriptor).LinkTarget;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // The descriptor was closed between listing and reading: it holds nothing now.
            return null;
        }
    }

    private static string Command(string process)
    {
        try
        {
            return File.ReadAllText(Path.Combine(process, "comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"(ended: {e.Message})";
        }
    }
}
