namespace PxeHost.Protocol.Tftp;

/// <summary>The largest values the server grants; a larger request is answered with these (RFC 2348, RFC 7440).</summary>
public sealed record TftpNegotiationLimits
{
    public static TftpNegotiationLimits Default { get; } = new();

    public int MaxBlockSize { get; init; } = TftpPacketCodec.MaxPayload;

    public int MaxWindowSize { get; init; } = 64;
}
