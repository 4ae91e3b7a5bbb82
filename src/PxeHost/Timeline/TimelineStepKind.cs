namespace PxeHost.Timeline;

/// <summary>What a step of a machine's boot was: the boot event it was recorded from.</summary>
public enum TimelineStepKind
{
    DhcpRequest,
    DhcpAnswer,
    DhcpNoAnswer,
    BootServerRequest,
    BootServerAnswer,
    TftpStarted,
    TftpProgress,
    TftpEnded,
    HttpStarted,
    HttpEnded,
    BootOnceUsed,
}
