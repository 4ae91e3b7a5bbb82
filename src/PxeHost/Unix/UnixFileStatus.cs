namespace PxeHost.Unix;

/// <summary>What statx(2) says about an open descriptor.</summary>
internal readonly record struct UnixFileStatus(UnixFileType Type, UnixFileMode Mode, long Length, DateTimeOffset LastModified);
