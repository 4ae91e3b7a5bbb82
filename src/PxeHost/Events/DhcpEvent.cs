using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Events;

/// <summary>What every DHCP event says of the request: its type, where it arrived, and through which relay.</summary>
public abstract record DhcpEvent : BootEvent
{
    /// <summary>The request's message type (option 53); null for plain BOOTP.</summary>
    public DhcpMessageType? Request { get; init; }

    public required string Interface { get; init; }

    /// <summary>The relay agent (giaddr, RFC 2131 §4.1); null when the client is on the link.</summary>
    public IPAddress? Relay { get; init; }
}
