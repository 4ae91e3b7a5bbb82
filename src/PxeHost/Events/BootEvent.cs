using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Events;

/// <summary>
/// One step of a machine's boot, as seen at a protocol edge. Immutable; the stream stamps
/// <see cref="Time"/> and, for requests that carry only an address, the <see cref="Mac"/> that holds it.
/// </summary>
public abstract record BootEvent
{
    /// <summary>When it happened; left default by a publisher, it is the moment of publishing.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The client's MAC; null when neither the request nor the client directory knows it.</summary>
    public PhysicalAddress? Mac { get; init; }

    /// <summary>The client's address, when the request has one (ciaddr, the source of a TFTP or HTTP request).</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary>
    /// The datagrams of this step as they crossed the wire (the request received, the reply sent; for a TFTP
    /// transfer a few of its packets, see <see cref="TftpTransferEnded"/>); empty for HTTP and the server's own events.
    /// </summary>
    public IReadOnlyList<UdpPacket> Packets { get; init; } = [];
}
