using System.Net;
using PxeHost.Dhcp;

namespace PxeHost.Storage;

/// <summary>
/// A <see cref="LeaseTable"/> behind one lock: how every store of one server decides. What a store does
/// with a decision while it still holds the lock (queue its commit) keeps commits in decision order.
/// </summary>
internal sealed class LockedLeaseTable(LeaseTable table)
{
    private readonly Lock _gate = new();

    /// <summary>Decides with the table; <paramref name="whileLocked"/> runs on the decision before the lock is let go.</summary>
    public T Decide<T>(Func<LeaseTable, LeaseDecision> decide, Func<LeaseDecision, T> whileLocked)
    {
        lock (_gate)
        {
            return whileLocked(decide(table));
        }
    }

    /// <summary>As <see cref="Decide{T}"/>, also handing <paramref name="whileLocked"/> what takes the decision back.</summary>
    public T DecideReversibly<T>(Func<LeaseTable, LeaseDecision> decide, Func<LeaseDecision, LeaseUndo, T> whileLocked)
    {
        lock (_gate)
        {
            var (decision, undo) = table.DecideReversibly(decide);
            return whileLocked(decision, undo);
        }
    }

    /// <summary>Takes decisions back, in the order given (the latest decision first).</summary>
    public void Revert(IEnumerable<LeaseUndo> undos)
    {
        lock (_gate)
        {
            foreach (var undo in undos)
            {
                table.Revert(undo);
            }
        }
    }

    public Lease? Find(IPAddress address)
    {
        lock (_gate)
        {
            return table.Find(address);
        }
    }

    public Lease? FindClient(DhcpScope scope, LeaseClient client)
    {
        lock (_gate)
        {
            return table.FindClient(scope, client);
        }
    }

    public IReadOnlyList<Lease> All()
    {
        lock (_gate)
        {
            return table.All;
        }
    }

    public int PendingOffers()
    {
        lock (_gate)
        {
            return table.PendingOffers;
        }
    }

    public void UpdateScopes(IReadOnlyList<Dhcp.DhcpScope> scopes)
    {
        lock (_gate)
        {
            table.UpdateScopes(scopes);
        }
    }
}
