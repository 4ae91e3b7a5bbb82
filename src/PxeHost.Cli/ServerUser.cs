using System.CommandLine;
using PxeHost.Iso;
using PxeHost.Unix;

namespace PxeHost.Cli;

/// <summary>
/// <c>--user</c>: who serve and boot run as. Started as root, the server becomes <c>nobody</c> (or the
/// user named) before it opens anything, keeping only CAP_NET_RAW and CAP_NET_BIND_SERVICE — what DHCP
/// needs for its sockets bound to a device and ports 67, 69 and 80 — so every file it serves is read
/// as that user, and a file only root may read is refused as it would be for tftpd-hpa's user.
/// </summary>
internal static class ServerUser
{
    public const string DefaultUser = "nobody";

    /// <summary>What pxehost itself writes in the data folder: the only entries it takes ownership of.</summary>
    private static readonly string[] DataEntries = ["leases.db", "leases.db-wal", "leases.db-shm", "leases.db-journal", "boot-once.txt", "cache", "timeline.db", "timeline.db-wal", "timeline.db-shm", "timeline.db-journal", "admin-token", "assignments.json", IsoLibrary.FolderName];

    /// <summary>The <c>--user</c> option, one per command that serves.</summary>
    public static Option<string?> CreateOption() => new("--user")
    {
        HelpName = "NAME",
        Description = $"User to run as when started as root (default {DefaultUser}), keeping only CAP_NET_RAW and CAP_NET_BIND_SERVICE; root keeps every privilege.",
    };

    /// <summary>
    /// Becomes the user <c>--user</c> names when started as root, by replacing this process (see
    /// <see cref="ProcessImage"/>); returns null to go on in this process, or the exit code of a refusal.
    /// <paramref name="dataDirectory"/> (null: none) is created and given to that user first.
    /// </summary>
    public static async Task<int?> SwitchAsync(ParseResult parse, Option<string?> option, string command, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var requested = parse.GetValue(option);
        var current = UnixAccount.Current;
        var switched = Environment.GetEnvironmentVariable(ProcessImage.SwitchedMarker);
        if (current.UserId != 0)
        {
            // Not root: switched here, or started as its user by a service manager (systemd's User= with
            // AmbientCapabilities and StateDirectory=), which has nothing to switch. Either way a data folder
            // this user cannot write is said now, as a sentence, rather than as a database error later.
            var problem = requested is not null && UnixAccount.Find(requested)?.UserId != current.UserId
                ? $"pxehost runs as {current}, not as root, so it cannot become '{requested}': start it as root, or leave --user out"
                : dataDirectory is not null && (switched is not null || Directory.Exists(dataDirectory)) ? Unwritable(dataDirectory, current) : null;
            return await Refuse(command, problem, 2).ConfigureAwait(false);
        }

        if (switched is not null)
        {
            return await Refuse(command, $"switched to {switched} but still runs as root (setpriv without effect?)", 1).ConfigureAwait(false);
        }

        var name = requested ?? DefaultUser;
        if (UnixAccount.Find(name) is not { } target)
        {
            return await Refuse(command, $"there is no user '{name}' on this system (getent passwd {name})", 2).ConfigureAwait(false);
        }

        if (target.UserId == 0)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: warning: --user {name}: the server keeps every privilege of root; without --user it runs as {DefaultUser}").ConfigureAwait(false);
            return null;
        }

        // A checkout in root's home (0700): the user could not even load the program. Named explicitly, that
        // is refused; by default the server stays root and says why, so the first command still works.
        if (ProgramOutOfReach() is { } unreachable)
        {
            if (requested is not null)
            {
                return await Refuse(command, $"{target.Name} cannot read the program: {unreachable}", 2).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync(
                $"pxehost {command}: warning: runs as root with every privilege: {DefaultUser} cannot read the program ({unreachable}); "
                + $"put PxeHost where others may read it (chmod o+rx), or choose a user with --user").ConfigureAwait(false);
            return null;
        }

        if (dataDirectory is not null && Give(dataDirectory, target) is { } unprepared)
        {
            return await Refuse(command, unprepared, 2).ConfigureAwait(false);
        }

        if (ProcessImage.Setpriv is not { } setpriv)
        {
            return await Refuse(command, $"setpriv (util-linux) is needed to run as {target.Name}: apt-get install util-linux, or --user root", 1).ConfigureAwait(false);
        }

        var (program, arguments) = ProcessImage.Current();
        var error = ProcessImage.Exec(ProcessImage.SwitchArguments(setpriv, target, program, arguments), target.Name);
        return await Refuse(command, $"cannot run {setpriv} to become {target}: {error}", 1).ConfigureAwait(false);
    }

    /// <summary>
    /// Why a user other than root could not load this program — a folder above it that others may not
    /// enter, or a file others may not read — or null when it can. Judged by the "others" bits alone: an
    /// owner or group that would let the user in is not counted, so a doubt keeps the server root (and
    /// says so), never leaves it unable to start.
    /// </summary>
    private static string? ProgramOutOfReach()
    {
        var program = Path.Join(AppContext.BaseDirectory, typeof(ServerUser).Assembly.GetName().Name + ".dll");
        var folders = new List<string>();
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(program)); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            folders.Add(folder);
        }

        foreach (var folder in Enumerable.Reverse(folders))
        {
            if (!File.GetUnixFileMode(folder).HasFlag(UnixFileMode.OtherExecute))
            {
                return $"'{folder}' is closed to others";
            }
        }

        return File.Exists(program) && !File.GetUnixFileMode(program).HasFlag(UnixFileMode.OtherRead) ? $"'{program}' is not readable by others" : null;
    }

    /// <summary>Creates the data folder and gives it to <paramref name="user"/> when it holds only what pxehost writes; null when done.</summary>
    private static string? Give(string dataDirectory, UnixAccount user)
    {
        var full = Path.GetFullPath(dataDirectory);
        try
        {
            Directory.CreateDirectory(full);

            // A folder holding anything else (a mistyped --data-dir /var/lib) is not ours to give away:
            // the new image then says whether the user can write there.
            var entries = Directory.GetFileSystemEntries(full);
            if (entries.Any(e => !DataEntries.Contains(Path.GetFileName(e), StringComparer.Ordinal)))
            {
                return null;
            }

            UnixOwnership.GiveTo(full, user);
            foreach (var entry in entries)
            {
                ChownTree(entry, user);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot give the data folder '{full}' to {user}: {e.Message}";
        }
    }

    private static void ChownTree(string path, UnixAccount user)
    {
        UnixOwnership.GiveTo(path, user);
        var info = new FileInfo(path);
        if (info.LinkTarget is null && info.Attributes.HasFlag(FileAttributes.Directory))
        {
            foreach (var entry in Directory.GetFileSystemEntries(path))
            {
                ChownTree(entry, user);
            }
        }
    }

    /// <summary>Why <paramref name="user"/> cannot keep leases in the data folder, or null when it can.</summary>
    private static string? Unwritable(string dataDirectory, UnixAccount user)
    {
        var full = Path.GetFullPath(dataDirectory);
        var blocked = new[] { full }.Concat(DataEntries.Select(e => Path.Join(full, e)).Where(Path.Exists))
            .FirstOrDefault(p => !UnixOwnership.CanWrite(p));
        return blocked is null ? null
            : $"--data-dir: '{blocked}' is not writable by {user}: chown -R {user.Name} '{full}', or choose another --data-dir";
    }

    private static async Task<int?> Refuse(string command, string? problem, int exitCode)
    {
        if (problem is null)
        {
            return null;
        }

        await Console.Error.WriteLineAsync(problem.StartsWith("--", StringComparison.Ordinal) ? $"pxehost {command}: {problem}" : $"pxehost {command}: --user: {problem}").ConfigureAwait(false);
        return exitCode;
    }
}
