namespace PxeHost.Unix;

/// <summary>The errno values the file code tells apart; the same numbers on x86_64 and arm64 Linux.</summary>
internal enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    EINTR = 4,
    EIO = 5,
    ENXIO = 6,
    EAGAIN = 11,
    EACCES = 13,
    EXDEV = 18,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ELOOP = 40,
}
