namespace PxeHost.Tftp;

/// <summary>How a transfer ended, as logged and counted.</summary>
public enum TftpTransferOutcome
{
    /// <summary>Every block was acknowledged.</summary>
    Completed,

    /// <summary>
    /// The client asked for tsize, got the OACK and ended the transfer: UEFI firmware and iPXE do
    /// this to learn a file's size before fetching it. Normal, not a failure.
    /// </summary>
    SizeProbe,

    /// <summary>Every block was sent but the last ACK never came; the client usually has the file.</summary>
    Unconfirmed,

    /// <summary>The request was refused with an error packet (missing, outside the root, unreadable, write).</summary>
    Refused,

    /// <summary>The client sent an error and stopped.</summary>
    ClientAborted,

    /// <summary>No answer after the retry limit.</summary>
    TimedOut,

    /// <summary>The client's port is gone (ICMP port unreachable).</summary>
    ClientGone,

    /// <summary>The server was stopping.</summary>
    Cancelled,
}
