using System.Net;

namespace PxeHost.Events;

/// <summary>
/// One UDP datagram the server received or sent, kept with its step so that <c>pxehost timeline --pcap</c>
/// can write it out again: when, from where to where, its length on the wire and its first bytes.
/// </summary>
/// <param name="Time">When it was received or sent.</param>
/// <param name="Source">The sender's address and port.</param>
/// <param name="Destination">The address and port it was sent to (a broadcast address, for a DISCOVER).</param>
/// <param name="Payload">The UDP payload as kept: all of it, or its first bytes.</param>
/// <param name="Length">The payload's length on the wire; <see cref="Payload"/> may hold fewer bytes.</param>
public sealed record UdpPacket(DateTimeOffset Time, IPEndPoint Source, IPEndPoint Destination, ReadOnlyMemory<byte> Payload, int Length)
{
    /// <summary>
    /// Bytes kept of a payload at most: what one 1500-byte Ethernet frame carries after the IPv4 and UDP
    /// headers, so every DHCP message of an Ethernet link fits whole; a jumbo frame's rest is cut.
    /// </summary>
    public const int MaxKept = 1472;

    /// <summary>The payload had more bytes than were kept.</summary>
    public bool Truncated => Payload.Length < Length;

    /// <summary>A copy of <paramref name="payload"/>, cut to <paramref name="keep"/> bytes (at most <see cref="MaxKept"/>).</summary>
    public static UdpPacket Of(DateTimeOffset time, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload, int keep = MaxKept)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var kept = Math.Clamp(keep, 0, Math.Min(MaxKept, payload.Length));
        return new UdpPacket(time, source, destination, payload[..kept].ToArray(), payload.Length);
    }
}
