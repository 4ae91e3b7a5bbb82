using System.Net;
using PxeHost.Storage;

namespace PxeHost.Dhcp;

/// <summary>
/// What the lease table decided for one request: the address (null when refused), why, and the
/// leases that must be stored before the reply goes out.
/// </summary>
public sealed record LeaseDecision(IPAddress? Address, string Reason, IReadOnlyList<Lease> ToSave)
{
    public bool Granted => Address is not null;

    public static LeaseDecision Refuse(string reason) => new(null, reason, []);
}
