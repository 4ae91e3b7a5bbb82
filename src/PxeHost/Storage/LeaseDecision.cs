using System.Net;

namespace PxeHost.Storage;

/// <summary>
/// What the lease store decided for one DHCP request: the address (null when refused), why, and the
/// leases the decision changed. A store returns the decision only once those changes are committed,
/// so the reply built from it may go out.
/// </summary>
public sealed record LeaseDecision(IPAddress? Address, string Reason, IReadOnlyList<Lease> Changed)
{
    public bool Granted => Address is not null;

    public static LeaseDecision Refuse(string reason) => new(null, reason, []);
}
