using PxeHost.Unix;

namespace PxeHost.Doctor;

/// <summary>
/// Whether a user may read a file, judged from mode bits and ownership (statx) along the whole path:
/// search (x) on every folder above it, read (r) on the file, through the owner's bits when the user
/// owns it, else the group's when the user's primary group owns it, else the others'. A process cannot
/// ask the kernel on another user's behalf (access(2) answers for the caller, and .NET cannot switch
/// fsuid), so this is the kernel's rule applied by hand: supplementary groups and ACLs are not read,
/// which errs towards "cannot read" — the server's user (nobody) has neither.
/// </summary>
public static class ReadAccess
{
    /// <summary>Null when <paramref name="account"/> may read <paramref name="path"/>; else the first folder or the file that stops it, and why.</summary>
    public static string? Denied(string path, UnixAccount account)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(account);
        if (account.UserId == 0)
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        var folders = new List<string>();
        for (var folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            folders.Insert(0, folder);
        }

        foreach (var folder in folders)
        {
            if (Lacks(folder, account, UnixFileMode.UserExecute, UnixFileMode.GroupExecute, UnixFileMode.OtherExecute) is { } reason)
            {
                return $"{account.Name} cannot enter {folder} ({reason})";
            }
        }

        return Lacks(full, account, UnixFileMode.UserRead, UnixFileMode.GroupRead, UnixFileMode.OtherRead) is { } denied
            ? $"{account.Name} cannot read {full} ({denied})"
            : null;
    }

    private static string? Lacks(string path, UnixAccount account, UnixFileMode owner, UnixFileMode group, UnixFileMode others)
    {
        using var handle = UnixFiles.Open(path, UnixFiles.PathOnly | UnixFiles.CloseOnExec, out var error);
        if (handle is null || !UnixFiles.TryStatus(handle, out var status, out error))
        {
            return UnixFiles.Describe(error);
        }

        var (bit, whose) = status.Owner == account.UserId ? (owner, "its owner")
            : status.Group == account.GroupId ? (group, "its group")
            : (others, "others");
        return status.Mode.HasFlag(bit) ? null : $"mode {Convert.ToString((int)status.Mode, 8).PadLeft(4, '0')}, owner uid {status.Owner} gid {status.Group}: no permission for {whose}";
    }
}
