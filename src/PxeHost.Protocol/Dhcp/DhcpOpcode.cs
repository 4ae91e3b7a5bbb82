namespace PxeHost.Protocol.Dhcp;

/// <summary>The BOOTP op field (RFC 2131 §2): clients send requests, servers replies.</summary>
public enum DhcpOpcode : byte
{
    BootRequest = 1,
    BootReply = 2,
}
