namespace PxeHost.Unix;

/// <summary>What statx(2) says about an open descriptor, with its owner and group (who may read it).</summary>
internal readonly record struct UnixFileStatus(UnixFileType Type, UnixFileMode Mode, long Length, DateTimeOffset LastModified, uint Owner = 0, uint Group = 0);
