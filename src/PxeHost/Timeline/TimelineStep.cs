using System.Text.Json.Serialization;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tftp;

namespace PxeHost.Timeline;

/// <summary>
/// One boot event of one machine as the timeline keeps it: flat and plain (text, numbers, enums), so
/// that it is stored as one JSON row and read back by a later process as it was written. The fields a
/// kind of event does not have stay null.
/// </summary>
public sealed record TimelineStep
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>The MAC, as <see cref="Storage.MacAddressText"/> writes it.</summary>
    public required string Mac { get; init; }

    public required TimelineStepKind Kind { get; init; }

    public string? ClientIp { get; init; }

    /// <summary>The DHCP request's type (Discover, Request …).</summary>
    public DhcpMessageType? Request { get; init; }

    /// <summary>The DHCP reply's type (Offer, Ack …).</summary>
    public DhcpMessageType? Reply { get; init; }

    public ClientArchitecture? Architecture { get; init; }

    public string? VendorClass { get; init; }

    /// <summary>The client's stage as its DHCP request showed it (firmware, HTTP Boot firmware, iPXE).</summary>
    public FirmwareStage? Stage { get; init; }

    /// <summary>The address a DHCP reply gave.</summary>
    public string? Offered { get; init; }

    public string? BootFile { get; init; }

    /// <summary>The RFC 2131 §4.1 rule that routed a DHCP reply.</summary>
    public string? Rule { get; init; }

    /// <summary>Why: the DHCP answer's reason, why a request got none, why a transfer ended so.</summary>
    public string? Reason { get; init; }

    /// <summary>A request left unanswered in the normal course of things.</summary>
    public bool Routine { get; init; }

    /// <summary>The TFTP file or the HTTP path.</summary>
    public string? File { get; init; }

    /// <summary>TFTP options asked for (<c>tsize=0 blksize=1468</c>), the HTTP method.</summary>
    public string? Detail { get; init; }

    public TftpTransferOutcome? Outcome { get; init; }

    public int? Status { get; init; }

    public long? Bytes { get; init; }

    public long? Size { get; init; }

    public int? Retransmits { get; init; }

    /// <summary>The TFTP block size the transfer used (RFC 2348).</summary>
    public int? BlockSize { get; init; }

    public double? Milliseconds { get; init; }

    /// <summary>The profile or menu a once machine used up.</summary>
    public string? Profile { get; init; }

    /// <summary>Option 54: on a request, the server whose offer the client took; on an answer, the address this server answered as.</summary>
    public string? ServerIdentifier { get; init; }

    /// <summary>The step's datagrams (<see cref="BootEvent.Packets"/>): stored beside the step, not in its JSON, and not read back with it.</summary>
    [JsonIgnore]
    public IReadOnlyList<UdpPacket> Packets { get; init; } = [];

    public bool IsTftpOrHttpFetch => Kind is TimelineStepKind.TftpEnded or TimelineStepKind.HttpEnded;

    /// <summary>A file the client has: a TFTP transfer that sent every block, an HTTP GET answered with it.</summary>
    public bool Delivered => Kind switch
    {
        TimelineStepKind.TftpEnded => Outcome is TftpTransferOutcome.Completed or TftpTransferOutcome.Unconfirmed,
        TimelineStepKind.HttpEnded => Detail == "GET" && Status is 200 or 206,
        _ => false,
    };
}
