using System.Runtime.InteropServices;

namespace PxeHost.Unix;

/// <summary>Who owns a path and who may write it: lchown(2) and access(2), which .NET does not wrap.</summary>
public static partial class UnixOwnership
{
    private const int ReadAccess = 4;
    private const int WriteAccess = 2;
    private const int SearchAccess = 1;

    /// <summary>
    /// Gives <paramref name="path"/> to <paramref name="account"/> and its group. lchown: a symlink is
    /// given away itself, never what it points to.
    /// </summary>
    /// <exception cref="IOException">The kernel refused, with its reason.</exception>
    public static void GiveTo(string path, UnixAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (NativeLchown(path, account.UserId, account.GroupId) != 0)
        {
            throw new IOException($"chown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>Whether this process's real user may write <paramref name="path"/> (and enter it, for a folder).</summary>
    public static bool CanWrite(string path) =>
        NativeAccess(path, WriteAccess | (Directory.Exists(path) ? SearchAccess : 0)) == 0;

    /// <summary>Whether this process's real user may read <paramref name="path"/>.</summary>
    public static bool CanRead(string path) => NativeAccess(path, ReadAccess) == 0;

    /// <summary>Whether <paramref name="path"/> is out of this process's reach: a folder above it is not searchable (EACCES), whether or not it exists.</summary>
    public static bool IsOutOfReach(string path) =>
        NativeAccess(path, 0) != 0 && (Errno)Marshal.GetLastPInvokeError() == Errno.EACCES;

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeLchown(string path, uint userId, uint groupId);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeAccess(string path, int mode);
}
