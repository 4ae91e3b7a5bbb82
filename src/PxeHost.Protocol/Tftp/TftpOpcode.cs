namespace PxeHost.Protocol.Tftp;

/// <summary>TFTP opcodes: RFC 1350 §5, OACK from RFC 2347.</summary>
public enum TftpOpcode : ushort
{
    ReadRequest = 1,
    WriteRequest = 2,
    Data = 3,
    Acknowledgment = 4,
    Error = 5,
    OptionAcknowledgment = 6,
}
