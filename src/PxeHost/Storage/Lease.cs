using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Storage;

/// <summary>
/// One address as the lease store keeps it: who holds (or last held) it, in what state, until when.
/// The address is the key: a store holds at most one lease per address, so no address can be on
/// record for two clients.
/// </summary>
public sealed record Lease(IPAddress Address, PhysicalAddress Mac, LeaseState State, DateTimeOffset Start, DateTimeOffset Expires)
{
    /// <summary>The host name the client sent (option 12) or its reservation gave, when known.</summary>
    public string? Hostname { get; init; }

    /// <summary>The client identifier (option 61, lowercase hex) the client sent, when it sent one: the lease is then that identifier's (see <see cref="LeaseClient"/>).</summary>
    public string? ClientId { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => State == LeaseState.Active && Expires > now;
}
