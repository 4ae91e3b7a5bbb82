using System.Runtime.InteropServices;

namespace PxeHost.Unix;

/// <summary>A user of the system, as getpwnam(3)/getpwuid(3) give it (through NSS, so LDAP users work too).</summary>
public sealed partial record UnixAccount(string Name, uint UserId, uint GroupId)
{
    private const int ERANGE = 34;

    /// <summary>The user named <paramref name="name"/> (or given by number), or null when the system has none.</summary>
    public static UnixAccount? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return uint.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? FindById(id)
            : Look(name, 0);
    }

    /// <summary>The user with id <paramref name="userId"/>, or null when the system names none.</summary>
    public static UnixAccount? FindById(uint userId) => Look(null, userId);

    /// <summary>Who this process runs as: its effective user, named when the system names it.</summary>
    public static UnixAccount Current
    {
        get
        {
            var uid = UnixFileSystem.EffectiveUserId;
            return FindById(uid) ?? new UnixAccount(uid.ToString(System.Globalization.CultureInfo.InvariantCulture), uid, NativeGetEffectiveGroupId());
        }
    }

    /// <summary>"nobody (uid 65534, gid 65534)".</summary>
    public override string ToString() => $"{Name} (uid {UserId}, gid {GroupId})";

    /// <summary>getpwnam_r of <paramref name="name"/>, or getpwuid_r of <paramref name="userId"/> when no name is given.</summary>
    private static unsafe UnixAccount? Look(string? name, uint userId)
    {
        // The buffer holds the entry's strings; ERANGE asks for a larger one (sysconf's hint is often -1).
        for (var size = 1024; size <= 1 << 20; size *= 4)
        {
            var buffer = new byte[size];
            Passwd entry;
            Passwd* found = null;
            int error;
            fixed (byte* start = buffer)
            {
                error = name is null
                    ? NativeGetById(userId, &entry, start, (nuint)size, &found)
                    : NativeGetByName(name, &entry, start, (nuint)size, &found);
                if (error == 0)
                {
                    return found == null ? null : new UnixAccount(Marshal.PtrToStringUTF8((nint)found->Name) ?? string.Empty, found->UserId, found->GroupId);
                }
            }

            if (error != ERANGE)
            {
                // Not found is 0 with no entry; anything else (ENOENT, EIO from NSS) is no answer either.
                return null;
            }
        }

        return null;
    }

    // struct passwd: name, password, uid, gid, gecos, home, shell; pointers are 8 bytes on x86_64 and arm64.
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Passwd
    {
        public byte* Name;
        public byte* Password;
        public uint UserId;
        public uint GroupId;
        public byte* Gecos;
        public byte* Home;
        public byte* Shell;
    }

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int NativeGetByName(string name, Passwd* entry, byte* buffer, nuint size, Passwd** found);

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static unsafe partial int NativeGetById(uint userId, Passwd* entry, byte* buffer, nuint size, Passwd** found);

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint NativeGetEffectiveGroupId();
}
