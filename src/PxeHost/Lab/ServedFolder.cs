namespace PxeHost.Lab;

/// <summary>
/// Temporary folders the server can reach. Started as root, pxehost runs as nobody; what it serves
/// and where it keeps its leases must be open to that user, as on a real install (/srv/tftp is 0755).
/// CreateTempSubdirectory makes its folder 0700, so every test tree goes through here.
/// </summary>
public static class ServedFolder
{
    private static readonly UnixFileMode Folder = (UnixFileMode)Convert.ToInt32("755", 8);
    private static readonly UnixFileMode File = (UnixFileMode)Convert.ToInt32("644", 8);

    /// <summary>A new temporary folder (0755) under the system's temp folder.</summary>
    public static string Create(string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        System.IO.File.SetUnixFileMode(path, Folder);
        return path;
    }

    /// <summary>Every folder under <paramref name="root"/> 0755 and every file 0644, whatever the umask made them.</summary>
    public static void OpenToAll(string root)
    {
        System.IO.File.SetUnixFileMode(root, Folder);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Where(e => e.LinkTarget is null))
        {
            entry.UnixFileMode = entry is DirectoryInfo ? Folder : File;
        }
    }
}
