using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Dhcp;

/// <summary>
/// The answer to one request: the reply and where it goes (none when the request is dropped or
/// needs no answer), the leases the request changed (already committed by the lease store, so the
/// reply may go out), and a sentence for the log.
/// </summary>
public sealed record DhcpOutcome(DhcpMessage? Reply, DhcpReplyDestination? Destination, IReadOnlyList<Lease> Changed, string Reason)
{
    public BootDecision? Boot { get; init; }

    /// <summary>A drop that is the normal course of things (another server's REQUEST, a client that is not booting): logged at Debug.</summary>
    public bool Routine { get; init; }

    public DhcpMessageType? ReplyType => Reply?.MessageType;

    public static DhcpOutcome Silent(string reason) => new(null, null, [], reason);

    public static DhcpOutcome Ignore(string reason) => new(null, null, [], reason) { Routine = true };
}
