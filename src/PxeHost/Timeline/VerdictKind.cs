namespace PxeHost.Timeline;

/// <summary>What the timeline concludes of a boot; the first kinds end a boot, the notes only explain a step of it.</summary>
public enum VerdictKind
{
    Booted,
    FileNotReadable,
    BootFileNotFound,
    FileNotFound,
    ProxyOfferIgnored,
    OfferIgnored,
    SilentAfterBootFile,
    NotAnswered,
    InProgress,

    /// <summary>Note: UEFI and iPXE ask a file's size (tsize) and end the transfer before fetching it.</summary>
    SizeProbe,

    /// <summary>Note: PXELINUX found no configuration of its own and took <c>pxelinux.cfg/default</c>.</summary>
    PxelinuxDefault,

    /// <summary>Note: a TFTP transfer needed many retransmits.</summary>
    SlowTransfer,
}
