using System.Runtime.InteropServices;

namespace PxeHost.Unix;

/// <summary>The few POSIX calls .NET does not wrap: canonical paths through symlinks, and who we run as.</summary>
internal static partial class UnixFileSystem
{
    /// <summary>realpath(3): the absolute path with every symlink resolved, or null if it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = NativeRealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeFree(resolved);
        }
    }

    public static uint EffectiveUserId => NativeGetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void NativeFree(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint NativeGetEffectiveUserId();
}
