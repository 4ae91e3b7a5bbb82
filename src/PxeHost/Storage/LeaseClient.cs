using System.Net.NetworkInformation;

namespace PxeHost.Storage;

/// <summary>
/// Who asks for a lease: the client identifier (option 61, as lowercase hex) when the client sent one,
/// and its hardware address (chaddr). RFC 2131 §4.2: "the client identifier (if present) or chaddr
/// uniquely identifies the client".
/// </summary>
/// <remarks>
/// A lease is the client's when both carry an identifier and the identifiers are equal, or, when either
/// has none, when the hardware addresses are equal — as dnsmasq matches them. PXE firmware often sends no
/// identifier and the iPXE it loads sends one (type 1 + its MAC): both must find the same lease, and so
/// must a client whose lease was stored before identifiers were.
/// </remarks>
public readonly record struct LeaseClient(PhysicalAddress Mac, string? ClientId = null)
{
    public static implicit operator LeaseClient(PhysicalAddress mac) => new(mac);

    public static LeaseClient FromPhysicalAddress(PhysicalAddress mac) => new(mac);

    /// <summary>The client as the lease names it.</summary>
    public static LeaseClient Of(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new LeaseClient(lease.Mac, lease.ClientId);
    }

    /// <summary>Whether <paramref name="other"/> is this client (see the remarks for the rule).</summary>
    public bool Is(LeaseClient other) =>
        ClientId is not null && other.ClientId is not null ? string.Equals(ClientId, other.ClientId, StringComparison.Ordinal) : Mac.Equals(other.Mac);

    /// <summary>Whether <paramref name="lease"/> was given to this client.</summary>
    public bool Owns(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Is(Of(lease));
    }
}
