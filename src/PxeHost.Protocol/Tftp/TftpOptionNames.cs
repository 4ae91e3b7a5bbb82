namespace PxeHost.Protocol.Tftp;

/// <summary>Option names, compared case-insensitively as RFC 2347 requires.</summary>
public static class TftpOptionNames
{
    /// <summary>RFC 2348.</summary>
    public const string BlockSize = "blksize";

    /// <summary>RFC 2349.</summary>
    public const string Timeout = "timeout";

    /// <summary>RFC 2349.</summary>
    public const string TransferSize = "tsize";

    /// <summary>RFC 7440.</summary>
    public const string WindowSize = "windowsize";
}
