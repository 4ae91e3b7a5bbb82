using System.Net.NetworkInformation;

namespace PxeHost.Storage;

/// <summary>
/// Taking back a decision whose commit failed: no ACK went out, so the client was promised nothing, and
/// the table returns to what it was before — an offer stays an offer, a new lease disappears, a renewal
/// keeps its old expiry. Otherwise the address would stay with the client for a whole lease time in
/// memory while the file never heard of it.
/// </summary>
internal sealed partial class LeaseTable
{
    private LeaseUndo? _journal;

    /// <summary>Decides with <paramref name="decide"/>, recording what it changes so that <see cref="Revert"/> can take it back.</summary>
    public (LeaseDecision Decision, LeaseUndo Undo) DecideReversibly(Func<LeaseTable, LeaseDecision> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        var undo = new LeaseUndo();
        _journal = undo;
        try
        {
            return (decide(this), undo);
        }
        finally
        {
            _journal = null;
        }
    }

    /// <summary>
    /// Takes back each change that is still as the decision left it, last change first; a change a later
    /// decision has overwritten stays (that decision commits or is taken back on its own).
    /// </summary>
    public void Revert(LeaseUndo undo)
    {
        ArgumentNullException.ThrowIfNull(undo);
        var now = _time.GetUtcNow();
        for (var i = undo.Steps.Count - 1; i >= 0; i--)
        {
            undo.Steps[i](now);
        }
    }

    private void RevertLease(uint address, Lease? before, Lease? after, DateTimeOffset now)
    {
        if (ReferenceEquals(_leases.GetValueOrDefault(address), after) && ScopeOf(address) is { } state)
        {
            SetLease(state, address, before, now);
        }
    }

    private void RevertBinding(Subnet subnet, PhysicalAddress mac, uint? before, uint? after)
    {
        if (_scopes.GetValueOrDefault(subnet) is not { } state)
        {
            return;
        }

        uint? current = state.BindingByMac.TryGetValue(mac, out var bound) ? bound : null;
        if (current == after)
        {
            SetBinding(state, mac, before);
        }
    }

    /// <summary>The offer comes back unless it has run out or another client has the address on offer meanwhile.</summary>
    private void RevertWithdrawal(Subnet subnet, uint address, PendingOffer offer, DateTimeOffset now)
    {
        if (_scopes.GetValueOrDefault(subnet) is { } state && offer.Expires > now && !state.OfferByMac.ContainsKey(offer.Client.Mac)
            && !(state.Offers.TryGetValue(address, out var other) && other.Expires > now))
        {
            Hold(state, offer.Client, address, offer.Expires, now);
        }
    }
}
