namespace PxeHost.Protocol.Iso;

/// <summary>What a node of the image's tree is.</summary>
public enum IsoEntryType
{
    File,
    Directory,

    /// <summary>A Rock Ridge symbolic link (SL); its target is in <see cref="IsoEntry.SymlinkTarget"/>.</summary>
    Symlink,
}
