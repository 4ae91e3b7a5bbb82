namespace PxeHost.Unix;

/// <summary>The kind of inode a descriptor refers to (the S_IFMT bits of its mode).</summary>
internal enum UnixFileType
{
    Unknown,
    RegularFile,
    Directory,
    SymbolicLink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}
