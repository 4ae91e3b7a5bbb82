using System.Net;
using PxeHost.Dhcp;

namespace PxeHost.Storage;

/// <summary>
/// The lease store without durability: the allocation of <see cref="SqliteLeaseStore"/> (the same
/// <see cref="LeaseTable"/> under a lock) with nothing written anywhere, so every operation completes at
/// once. For <c>pxehost explain</c>, which must decide as the server would without touching its leases,
/// and for tests that need the real decisions without files.
/// </summary>
public sealed class MemoryLeaseStore : ILeaseStore
{
    private readonly LockedLeaseTable _table;

    /// <param name="allocation">The scopes served and the offer hold.</param>
    /// <param name="time">The clock holds and leases expire by.</param>
    /// <param name="leases">Leases on record from before, if any.</param>
    public MemoryLeaseStore(LeaseAllocationOptions allocation, TimeProvider time, IEnumerable<Lease>? leases = null)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        var table = new LeaseTable(allocation.Scopes, time, allocation.OfferHold);
        table.Load(leases ?? []);
        _table = new LockedLeaseTable(table);
    }

    public string Location => "memory (not stored)";

    /// <summary>Addresses on hold for a client that was offered them and has not yet asked.</summary>
    public int PendingOffers => _table.PendingOffers();

    public ValueTask<LeaseDecision> OfferAsync(DhcpScope scope, LeaseClient client, IPAddress? requested, CancellationToken cancellationToken) =>
        Decide(table => table.Offer(scope, client, requested));

    public ValueTask<LeaseDecision> RequestAsync(DhcpScope scope, LeaseClient client, IPAddress requested, string? hostname, CancellationToken cancellationToken) =>
        Decide(table => table.Request(scope, client, requested, hostname));

    public ValueTask<LeaseDecision> ReleaseAsync(DhcpScope scope, LeaseClient client, IPAddress address, CancellationToken cancellationToken) =>
        Decide(table => table.Release(scope, client, address));

    public ValueTask<LeaseDecision> DeclineAsync(DhcpScope scope, LeaseClient client, IPAddress address, TimeSpan quarantine, CancellationToken cancellationToken) =>
        Decide(table => table.Decline(scope, client, address, quarantine));

    public ValueTask<LeaseDecision> WithdrawOfferAsync(DhcpScope scope, LeaseClient client, CancellationToken cancellationToken) =>
        Decide(table => table.WithdrawOffer(scope, client));

    public ValueTask<Lease?> FindAsync(IPAddress address, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Find(address));

    public ValueTask<Lease?> FindClientAsync(DhcpScope scope, LeaseClient client, CancellationToken cancellationToken) => ValueTask.FromResult(_table.FindClient(scope, client));

    public ValueTask<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_table.All());

    public void UpdateScopes(IReadOnlyList<DhcpScope> scopes) => _table.UpdateScopes(scopes);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ValueTask<LeaseDecision> Decide(Func<LeaseTable, LeaseDecision> decide) => ValueTask.FromResult(_table.Decide(decide, decision => decision));
}
