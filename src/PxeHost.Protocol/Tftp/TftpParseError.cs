namespace PxeHost.Protocol.Tftp;

/// <summary>Why a datagram is not a TFTP packet; each value is a counted drop reason.</summary>
public enum TftpParseError
{
    None = 0,
    Truncated,
    UnknownOpcode,
    UnterminatedString,
    EmptyFilename,
    EmptyMode,
    PayloadTooLarge,
}
