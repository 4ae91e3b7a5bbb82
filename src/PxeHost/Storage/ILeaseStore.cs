using System.Net;
using PxeHost.Dhcp;

namespace PxeHost.Storage;

/// <summary>
/// The lease-store seam: the DHCP lease operations themselves (RFC 2131 §4.3), each one a decision
/// and its durable commit, owned by the store. The DHCP service turns the returned
/// <see cref="LeaseDecision"/> into a reply and sends it only once the operation has completed.
/// </summary>
/// <remarks>
/// <para>The contract every store keeps:</para>
/// <list type="bullet">
/// <item>One lease per address, ever: no address is on record for, leased to or on offer to two clients at once,
/// and an address reserved for a MAC goes to no other client.</item>
/// <item>A decision that changes leases (a granted REQUEST, a RELEASE, a DECLINE) completes only once those
/// changes are durable: a grant that has been returned survives a crash (kill -9) of this process, and no other
/// server sharing the store can grant that address to another client. When the commit fails the operation
/// throws <see cref="LeaseStoreException"/>, the caller must not send the reply, and the store is as if the
/// request had never come (an offer stays an offer, a renewal keeps its old expiry).</item>
/// <item>A client is a <see cref="LeaseClient"/>: its client identifier (option 61) when it sent one, else its
/// MAC; reservations are by MAC.</item>
/// <item>Offers are holds, not leases: nothing durable is promised by a DHCPOFFER (the client must still
/// REQUEST), so an offer may complete without touching the disk.</item>
/// <item>Safe to call concurrently. A scope is known by its subnet (network and prefix): the scope passed names
/// the subnet, and the store's own definition of it (pool, reservations, lease time, as last given to
/// <see cref="UpdateScopes"/>) decides.</item>
/// </list>
/// <para>
/// <see cref="SqliteLeaseStore"/> decides in memory, under a lock, as the one authority for its server, and
/// commits through a queue that many decisions share (group commit), so thousands of grants a second cost a
/// few transactions. A PostgreSQL store shared by several servers would decide in SQL, in the very
/// transaction that commits: an offer takes a free row of the pool with <c>SELECT … FOR UPDATE SKIP
/// LOCKED</c> and records the hold with its expiry, a grant is an <c>INSERT … ON CONFLICT (address) DO
/// UPDATE … WHERE</c> the row is this client's, released or expired, and a grant whose statement changed
/// no row is a NAK. The returned grant is then durable and no other server can grant that address to
/// another client; its offers are seen by the other servers too.
/// </para>
/// </remarks>
public interface ILeaseStore : IAsyncDisposable
{
    /// <summary>Where the leases are kept, for the log: a file, a database.</summary>
    string Location { get; }

    /// <summary>
    /// DHCPDISCOVER: picks an address for the client — its reservation, the address it is offered or had,
    /// the one it asks for (<paramref name="requested"/>, option 50) when free, else a free one of the
    /// pool — and holds it for the client for a while; or refuses, saying why.
    /// </summary>
    ValueTask<LeaseDecision> OfferAsync(DhcpScope scope, LeaseClient client, IPAddress? requested, CancellationToken cancellationToken);

    /// <summary>
    /// DHCPREQUEST: grants <paramref name="requested"/> to the client for the scope's lease time when it is
    /// free for it (the client's old lease in the scope is released), durably; or refuses, saying why (a NAK).
    /// </summary>
    /// <exception cref="LeaseStoreException">The grant could not be committed: no ACK may be sent.</exception>
    ValueTask<LeaseDecision> RequestAsync(DhcpScope scope, LeaseClient client, IPAddress requested, string? hostname, CancellationToken cancellationToken);

    /// <summary>DHCPRELEASE: the client gives its lease back; the address stays remembered for it.</summary>
    /// <exception cref="LeaseStoreException">The release could not be committed.</exception>
    ValueTask<LeaseDecision> ReleaseAsync(DhcpScope scope, LeaseClient client, IPAddress address, CancellationToken cancellationToken);

    /// <summary>DHCPDECLINE: the address is in use by someone else on the network; nobody gets it for <paramref name="quarantine"/>.</summary>
    /// <exception cref="LeaseStoreException">The decline could not be committed.</exception>
    ValueTask<LeaseDecision> DeclineAsync(DhcpScope scope, LeaseClient client, IPAddress address, TimeSpan quarantine, CancellationToken cancellationToken);

    /// <summary>
    /// A DHCPREQUEST naming another server: the client turned our offer down (RFC 2131 §4.3.2), so the
    /// address on hold for it goes back to the pool now. Offers are holds in memory: nothing to commit.
    /// The decision's address is the one withdrawn; refused when the client had no offer on hold.
    /// </summary>
    ValueTask<LeaseDecision> WithdrawOfferAsync(DhcpScope scope, LeaseClient client, CancellationToken cancellationToken);

    /// <summary>The lease on record for the address, in any state, or null.</summary>
    ValueTask<Lease?> FindAsync(IPAddress address, CancellationToken cancellationToken);

    /// <summary>The lease on record for the client in the scope (active, ended or declined), or null: whether the server knows it.</summary>
    ValueTask<Lease?> FindClientAsync(DhcpScope scope, LeaseClient client, CancellationToken cancellationToken);

    /// <summary>Every lease on record, in any state, also those outside every scope served now.</summary>
    ValueTask<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Serves these scopes from the next request on (a reload of the configuration: pools, reservations,
    /// lease times). Leases on record stay; offers on hold in a subnet still served keep their hold.
    /// </summary>
    void UpdateScopes(IReadOnlyList<DhcpScope> scopes);
}
