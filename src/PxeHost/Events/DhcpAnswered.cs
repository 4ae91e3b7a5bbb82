using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Events;

/// <summary>A reply went out (from port 67; <see cref="BootServerAnswered"/> from port 4011).</summary>
public record DhcpAnswered : DhcpEvent
{
    public required DhcpMessageType? Reply { get; init; }

    /// <summary>The address the reply gives (yiaddr); null when it gives none (proxyDHCP, INFORM, NAK).</summary>
    public IPAddress? Offered { get; init; }

    /// <summary>The boot file or URL the reply names, if any.</summary>
    public string? BootFile { get; init; }

    /// <summary>Why this answer, in the words of the log.</summary>
    public required string Reason { get; init; }

    /// <summary>Where the reply went and the RFC 2131 §4.1 rule that chose it.</summary>
    public required string Rule { get; init; }

    public required IPEndPoint Destination { get; init; }

    /// <summary>Option 54 of the reply: the address this server answers as.</summary>
    public IPAddress? ServerIdentifier { get; init; }
}
