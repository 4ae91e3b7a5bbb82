using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PxeHost.Unix;

/// <summary>
/// The descriptor-relative POSIX calls .NET does not wrap: openat2(2) with RESOLVE_BENEATH, openat(2)
/// and readlinkat(2) for the component walk on kernels without it, and statx(2) to learn what an open
/// descriptor is. Each call returns the errno instead of throwing: to the file sources a missing or
/// hostile name is an answer, not an exception.
/// </summary>
internal static unsafe partial class UnixFiles
{
    public const int ReadOnly = 0;
    public const int NonBlocking = 0x800;
    public const int NoControllingTerminal = 0x100;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    /// <summary>openat2's RESOLVE_NO_MAGICLINKS: no /proc/self/fd style jumps.</summary>
    public const ulong ResolveNoMagicLinks = 0x02;

    /// <summary>openat2's RESOLVE_NO_SYMLINKS: refuse any symlink on the path (the walk resolves them itself).</summary>
    public const ulong ResolveNoSymlinks = 0x04;

    /// <summary>openat2's RESOLVE_BENEATH: fail with EXDEV instead of resolving anywhere outside the directory.</summary>
    public const ulong ResolveBeneath = 0x08;

    // openat2 is 437 on every architecture: it came after the syscall tables were unified (Linux 5.6).
    private const long SysOpenat2 = 437;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasic = 0x7ff;
    private const int StatxSize = 256;

    /// <summary>O_NOFOLLOW: its value differs between x86_64 (and the generic table) and arm64.</summary>
    public static int NoFollow => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>O_DIRECTORY: likewise per architecture.</summary>
    public static int DirectoryOnly => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    /// <summary>open(2) of an absolute path; null and the errno when it fails.</summary>
    public static SafeFileHandle? Open(string path, int flags, out Errno error) =>
        Wrap(NativeOpen(path, flags), out error);

    /// <summary>openat(2) of <paramref name="path"/> relative to the directory <paramref name="directory"/>.</summary>
    public static SafeFileHandle? OpenAt(SafeFileHandle directory, string path, int flags, out Errno error) =>
        Wrap(NativeOpenAt(directory, path, flags), out error);

    /// <summary>openat2(2): opens with the kernel confining resolution as <paramref name="resolve"/> says.</summary>
    public static SafeFileHandle? OpenAt2(SafeFileHandle directory, string path, int flags, ulong resolve, out Errno error)
    {
        var how = new OpenHow { Flags = (ulong)flags, Mode = 0, Resolve = resolve };
        var fd = NativeSyscall(SysOpenat2, directory, path, &how, (nuint)sizeof(OpenHow));
        return Wrap((int)fd, out error);
    }

    /// <summary>readlinkat(2): the text of the symlink <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static string? ReadLinkAt(SafeFileHandle directory, string name, out Errno error)
    {
        var buffer = new byte[4096];
        nint length;
        fixed (byte* start = buffer)
        {
            length = NativeReadLinkAt(directory, name, start, (nuint)buffer.Length);
        }

        if (length < 0)
        {
            error = (Errno)Marshal.GetLastPInvokeError();
            return null;
        }

        error = Errno.None;
        return Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    /// <summary>statx(2) of an open descriptor (AT_EMPTY_PATH); the layout of struct statx is the same everywhere.</summary>
    public static bool TryStatus(SafeFileHandle handle, out UnixFileStatus status, out Errno error)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        int result;
        fixed (byte* start = buffer)
        {
            result = NativeStatx(handle, string.Empty, AtEmptyPath, StatxBasic, start);
        }

        if (result != 0)
        {
            error = (Errno)Marshal.GetLastPInvokeError();
            status = default;
            return false;
        }

        // struct statx: stx_uid (u32) at 20, stx_gid (u32) at 24, stx_mode (u16) at 28, stx_size (u64) at 40, stx_mtime { s64 tv_sec; u32 tv_nsec } at 112.
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        var modified = DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
        var owner = BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]);
        var group = BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]);
        status = new UnixFileStatus(TypeOf(mode), (UnixFileMode)(mode & 0xfff), size, modified, owner, group);
        error = Errno.None;
        return true;
    }

    /// <summary>The path the kernel gives an open descriptor (/proc/self/fd), or null without /proc.</summary>
    public static string? PathOf(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var link = $"/proc/self/fd/{handle.DangerousGetHandle()}";
        try
        {
            return new FileInfo(link).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>strerror(3) text for an errno, e.g. "Input/output error".</summary>
    public static string Describe(Errno error) => Marshal.GetPInvokeErrorMessage((int)error);

    private static UnixFileType TypeOf(ushort mode) => (mode & 0xf000) switch
    {
        0x8000 => UnixFileType.RegularFile,
        0x4000 => UnixFileType.Directory,
        0xa000 => UnixFileType.SymbolicLink,
        0x1000 => UnixFileType.Fifo,
        0xc000 => UnixFileType.Socket,
        0x2000 => UnixFileType.CharacterDevice,
        0x6000 => UnixFileType.BlockDevice,
        _ => UnixFileType.Unknown,
    };

    private static SafeFileHandle? Wrap(int fd, out Errno error)
    {
        if (fd < 0)
        {
            error = (Errno)Marshal.GetLastPInvokeError();
            return null;
        }

        error = Errno.None;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    // Descriptors are passed as SafeFileHandle, which marshals as a pointer-sized integer: for the
    // int parameters of openat, readlinkat and statx the callee reads the low 32 bits of the
    // register on both x86_64 and arm64, and syscall(2) takes every argument as a long anyway.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpenAt(SafeFileHandle directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long NativeSyscall(long number, SafeFileHandle directory, string path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint NativeReadLinkAt(SafeFileHandle directory, string path, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeStatx(SafeFileHandle directory, string path, int flags, uint mask, byte* buffer);
}
