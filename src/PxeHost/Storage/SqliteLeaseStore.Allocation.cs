using System.Net;
using PxeHost.Dhcp;

namespace PxeHost.Storage;

/// <summary>The DHCP lease operations: decided by the table under the lock, committed through the write queue.</summary>
public sealed partial class SqliteLeaseStore
{
    private readonly LockedLeaseTable _table;

    public string Location => DatabasePath;

    /// <remarks>An offer is a hold in memory only (nothing to survive a crash): it completes at once.</remarks>
    public ValueTask<LeaseDecision> OfferAsync(DhcpScope scope, LeaseClient client, IPAddress? requested, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return ValueTask.FromResult(_table.Decide(table => table.Offer(scope, client, requested), decision => decision));
    }

    /// <remarks>Cancellation stops the wait, not the commit: a grant whose wait was cancelled may still be stored.</remarks>
    public ValueTask<LeaseDecision> RequestAsync(DhcpScope scope, LeaseClient client, IPAddress requested, string? hostname, CancellationToken cancellationToken) =>
        DecideAndCommit(table => table.Request(scope, client, requested, hostname), cancellationToken);

    public ValueTask<LeaseDecision> ReleaseAsync(DhcpScope scope, LeaseClient client, IPAddress address, CancellationToken cancellationToken) =>
        DecideAndCommit(table => table.Release(scope, client, address), cancellationToken);

    public ValueTask<LeaseDecision> DeclineAsync(DhcpScope scope, LeaseClient client, IPAddress address, TimeSpan quarantine, CancellationToken cancellationToken) =>
        DecideAndCommit(table => table.Decline(scope, client, address, quarantine), cancellationToken);

    /// <remarks>An offer is a hold in memory only: withdrawing it completes at once.</remarks>
    public ValueTask<LeaseDecision> WithdrawOfferAsync(DhcpScope scope, LeaseClient client, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return ValueTask.FromResult(_table.Decide(table => table.WithdrawOffer(scope, client), decision => decision));
    }

    /// <remarks>From memory: every write goes through this store, so memory is what the file holds once the queue is committed.</remarks>
    public ValueTask<Lease?> FindAsync(IPAddress address, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Find(address));

    /// <remarks>From memory, as <see cref="FindAsync"/>.</remarks>
    public ValueTask<Lease?> FindClientAsync(DhcpScope scope, LeaseClient client, CancellationToken cancellationToken) => ValueTask.FromResult(_table.FindClient(scope, client));

    /// <remarks>From memory, as <see cref="FindAsync"/>.</remarks>
    public ValueTask<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_table.All());

    public void UpdateScopes(IReadOnlyList<DhcpScope> scopes) => _table.UpdateScopes(scopes);

    private ValueTask<LeaseDecision> DecideAndCommit(Func<LeaseTable, LeaseDecision> decide, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Decided and queued under one lock, so the queue holds the changes in the order they were
        // decided and the later change of an address is the one that ends up in the file. Queuing
        // does not wait for the disk: the commit is awaited outside the lock.
        var (decision, committed) = _table.DecideReversibly(decide, (decision, undo) =>
            (decision, decision.Changed.Count == 0 ? Task.CompletedTask : SaveAsync(decision.Changed, undo, cancellationToken)));

        return committed.IsCompletedSuccessfully ? ValueTask.FromResult(decision) : AfterCommitAsync(committed, decision);
    }

    private static async ValueTask<LeaseDecision> AfterCommitAsync(Task committed, LeaseDecision decision)
    {
        try
        {
            await committed.ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new LeaseStoreException(e.Message, e);
        }

        return decision;
    }
}
