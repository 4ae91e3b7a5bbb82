namespace PxeHost.Protocol.Tftp;

/// <summary>A decoded TFTP packet. Packets are immutable values.</summary>
public abstract record TftpPacket
{
    public abstract TftpOpcode Opcode { get; }
}

/// <summary>RRQ or WRQ: file name, transfer mode and options (RFC 1350 §5, RFC 2347).</summary>
public sealed record TftpRequestPacket(
    TftpOpcode RequestOpcode,
    string Filename,
    string Mode,
    IReadOnlyList<TftpOption> Options) : TftpPacket
{
    public override TftpOpcode Opcode => RequestOpcode;

    public bool IsRead => RequestOpcode == TftpOpcode.ReadRequest;

    /// <summary>The value of an option, matched case-insensitively, or null.</summary>
    public string? GetOption(string name)
    {
        foreach (var option in Options)
        {
            if (string.Equals(option.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return option.Value;
            }
        }

        return null;
    }
}

/// <summary>DATA: a block number (rolling over past 65535) and up to blksize bytes.</summary>
public sealed record TftpDataPacket(ushort Block, ReadOnlyMemory<byte> Payload) : TftpPacket
{
    public override TftpOpcode Opcode => TftpOpcode.Data;
}

/// <summary>ACK of a block; ACK 0 acknowledges an OACK.</summary>
public sealed record TftpAckPacket(ushort Block) : TftpPacket
{
    public override TftpOpcode Opcode => TftpOpcode.Acknowledgment;
}

/// <summary>ERROR with a code and a human-readable message.</summary>
public sealed record TftpErrorPacket(TftpErrorCode Code, string Message) : TftpPacket
{
    public override TftpOpcode Opcode => TftpOpcode.Error;
}

/// <summary>OACK: the options the server accepted (RFC 2347).</summary>
public sealed record TftpOptionAckPacket(IReadOnlyList<TftpOption> Options) : TftpPacket
{
    public override TftpOpcode Opcode => TftpOpcode.OptionAcknowledgment;
}
