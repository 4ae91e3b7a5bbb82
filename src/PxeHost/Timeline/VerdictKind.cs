namespace PxeHost.Timeline;

/// <summary>What the timeline concludes of a boot; the first kinds end a boot, the notes only explain a step of it.</summary>
public enum VerdictKind
{
    Booted,
    FileNotReadable,
    BootFileNotFound,
    FileNotFound,

    /// <summary>The client took another DHCP server's offer (its REQUEST names that server), not ours.</summary>
    SecondDhcpServer,
    ProxyOfferIgnored,
    OfferIgnored,

    /// <summary>GRUB came from here beside another DHCP server, and asked that server's next-server for its grub.cfg.</summary>
    GrubConfigElsewhere,
    SilentAfterBootFile,
    NotAnswered,
    InProgress,

    /// <summary>Note: UEFI and iPXE ask a file's size (tsize) and end the transfer before fetching it.</summary>
    SizeProbe,

    /// <summary>Note: PXELINUX found no configuration of its own and took <c>pxelinux.cfg/default</c>.</summary>
    PxelinuxDefault,

    /// <summary>Note: a TFTP transfer needed many retransmits.</summary>
    SlowTransfer,

    /// <summary>Note: iPXE, loaded by the firmware, asked DHCP again and got its script, not iPXE once more.</summary>
    IpxeLoopAvoided,
}
