using System.Net.NetworkInformation;
using PxeHost.Dhcp;

namespace PxeHost.Storage;

/// <summary>
/// The free addresses of each pool, kept up to date as leases and offers change instead of searched for:
/// a DISCOVER against an exhausted /16 used to look at (and describe) all 65,534 addresses twice.
/// </summary>
internal sealed partial class LeaseTable
{
    /// <summary>
    /// First addresses nobody ever held, walked on from where the last search stopped, then those whose
    /// lease ended (released or expired), lowest first — so returning clients tend to keep theirs.
    /// </summary>
    private uint? NextFree(ScopeState state, LeaseClient client, DateTimeOffset now) =>
        Take(state, state.NeverHeld, client, now, fromCursor: true) ?? Take(state, state.Ended, client, now, fromCursor: false);

    private uint? Take(ScopeState state, PoolBitmap free, LeaseClient client, DateTimeOffset now, bool fromCursor)
    {
        while (free.NextFrom(fromCursor ? state.Cursor : 0) is { } offset)
        {
            var candidate = state.Scope.AddressAt(offset);
            if (BlockedFor(state, client, candidate, now) is null)
            {
                if (fromCursor)
                {
                    state.Cursor = (offset + 1) % state.Size;
                }

                return candidate;
            }

            // Blocked for one client is blocked for all (reserved addresses are never in a free set),
            // and whatever blocks it has an expiry queued that puts it back.
            free.Set(offset, false);
        }

        return null;
    }

    /// <summary>Puts <paramref name="address"/> in the free set it now belongs to, or in none; queues its expiry when it is held.</summary>
    private void Refresh(ScopeState state, uint address, DateTimeOffset now)
    {
        if (state.OffsetOf(address) is not { } offset)
        {
            return;
        }

        state.NeverHeld.Set(offset, false);
        state.Ended.Set(offset, false);
        if (state.ReservedAddresses.ContainsKey(address) || (state.Offers.TryGetValue(address, out var offer) && offer.Expires > now))
        {
            return;
        }

        if (!_leases.TryGetValue(address, out var lease))
        {
            state.NeverHeld.Set(offset, true);
        }
        else if (lease.State == LeaseState.Released || lease.Expires <= now)
        {
            state.Ended.Set(offset, true);
        }
        else
        {
            Enqueue(state, address, lease.Expires);
        }
    }

    /// <summary>
    /// Queues a look at <paramref name="address"/> at <paramref name="when"/>, unless one is queued for it no
    /// later: then that look queues the next. So the queue holds about one entry per address however often
    /// a client renews or rediscovers (a REQUEST flood would otherwise grow it by one entry per packet).
    /// </summary>
    private static void Enqueue(ScopeState state, uint address, DateTimeOffset when)
    {
        if (state.Due.TryGetValue(address, out var due) && due <= when)
        {
            return;
        }

        state.Due[address] = when;
        state.Expiries.Enqueue(address, when);
    }

    /// <summary>The free sets and the expiry queue of a scope from its leases and offers (at load and when scopes change).</summary>
    private void Rebuild(ScopeState state, DateTimeOffset now)
    {
        state.ResetPool();
        foreach (var (address, offer) in state.Offers)
        {
            Enqueue(state, address, offer.Expires);
        }

        for (uint offset = 0; offset < state.Size; offset++)
        {
            Refresh(state, state.Scope.AddressAt(offset), now);
        }
    }

    /// <summary>
    /// Ends the offers and leases whose time has come: an expired offer leaves both indexes (clients that
    /// DISCOVER and never REQUEST would otherwise fill them), and its address or an expired lease's goes back to a free set.
    /// </summary>
    private void ExpireDue(ScopeState state, DateTimeOffset now)
    {
        while (state.Expiries.TryPeek(out var address, out var when) && when <= now)
        {
            state.Expiries.Dequeue();
            if (state.Due.TryGetValue(address, out var due) && due == when)
            {
                state.Due.Remove(address);
            }

            if (state.Offers.TryGetValue(address, out var offer) && offer.Expires <= now)
            {
                state.Offers.Remove(address);
                if (state.OfferByMac.TryGetValue(offer.Client.Mac, out var offered) && offered == address)
                {
                    state.OfferByMac.Remove(offer.Client.Mac);
                }
            }
            else if (offer is not null)
            {
                // Renewed by a rediscover since this entry was queued: look again when the new hold ends.
                Enqueue(state, address, offer.Expires);
            }

            Refresh(state, address, now);
        }
    }

    private void Hold(ScopeState state, LeaseClient client, uint address, DateTimeOffset expires, DateTimeOffset now)
    {
        state.Offers[address] = new PendingOffer(client, expires);
        state.OfferByMac[client.Mac] = address;
        Enqueue(state, address, expires);
        Refresh(state, address, now);
    }

    /// <summary>
    /// Ends the client's offer. Its address may meanwhile be on offer to another client (this one's
    /// hold expired and the other took it): that other client's hold stays.
    /// </summary>
    private void Withdraw(ScopeState state, LeaseClient client, DateTimeOffset now)
    {
        if (!state.OfferByMac.Remove(client.Mac, out var address))
        {
            return;
        }

        if (state.Offers.TryGetValue(address, out var offer) && client.Is(offer.Client))
        {
            state.Offers.Remove(address);
            _journal?.Add(at => RevertWithdrawal(Subnet.Of(state.Scope), address, offer, at));
            Refresh(state, address, now);
        }
    }

    private void SetLease(ScopeState state, uint address, Lease? lease, DateTimeOffset now)
    {
        var before = _leases.GetValueOrDefault(address);
        if (lease is null)
        {
            _leases.Remove(address);
        }
        else
        {
            _leases[address] = lease;
        }

        _journal?.Add(at => RevertLease(address, before, lease, at));
        Refresh(state, address, now);
    }

    private void SetBinding(ScopeState state, PhysicalAddress mac, uint? address)
    {
        uint? before = state.BindingByMac.TryGetValue(mac, out var bound) ? bound : null;
        if (address is { } to)
        {
            state.BindingByMac[mac] = to;
        }
        else
        {
            state.BindingByMac.Remove(mac);
        }

        var subnet = Subnet.Of(state.Scope);
        _journal?.Add(_ => RevertBinding(subnet, mac, before, address));
    }

    private sealed record PendingOffer(LeaseClient Client, DateTimeOffset Expires);

    private sealed class ScopeState(DhcpScope scope)
    {
        public DhcpScope Scope { get; } = scope;

        public uint Size { get; } = scope.PoolSize;

        public Dictionary<PhysicalAddress, uint> BindingByMac { get; } = [];

        public Dictionary<uint, PendingOffer> Offers { get; private init; } = [];

        public Dictionary<PhysicalAddress, uint> OfferByMac { get; private init; } = [];

        public Dictionary<PhysicalAddress, DhcpReservation> ReservationByMac { get; } = scope.Reservations.ToDictionary(r => r.Mac);

        public Dictionary<uint, PhysicalAddress> ReservedAddresses { get; } = scope.Reservations.ToDictionary(r => Ipv4.ToUInt32(r.Address), r => r.Mac);

        /// <summary>Pool offsets of addresses with no lease on record, not reserved, not on offer.</summary>
        public PoolBitmap NeverHeld { get; private set; } = new(0);

        /// <summary>Pool offsets of addresses whose lease was released or has expired, not reserved, not on offer.</summary>
        public PoolBitmap Ended { get; private set; } = new(0);

        /// <summary>When held addresses (offers, leases, quarantines) may come free; stale entries are harmless (re-checked).</summary>
        public PriorityQueue<uint, DateTimeOffset> Expiries { get; private set; } = new();

        /// <summary>The earliest entry of <see cref="Expiries"/> for each address.</summary>
        public Dictionary<uint, DateTimeOffset> Due { get; private set; } = [];

        public uint Cursor { get; set; }

        public void ResetPool()
        {
            NeverHeld = new PoolBitmap(Size);
            Ended = new PoolBitmap(Size);
            Expiries = new PriorityQueue<uint, DateTimeOffset>();
            Due = [];
        }

        public uint? OffsetOf(uint address)
        {
            uint offset = 0;
            for (var i = 0; i < Scope.Ranges.Count; i++)
            {
                var range = Scope.Ranges[i];
                if (range.Contains(address))
                {
                    return offset + (address - range.Start);
                }

                offset += range.Size;
            }

            return null;
        }

        /// <summary>This subnet under a new definition: the offers on hold carry over, the bindings and free sets are rebuilt by the caller.</summary>
        public ScopeState ServedBy(DhcpScope next) => new(next)
        {
            Offers = Offers,
            OfferByMac = OfferByMac,
            Cursor = next.PoolSize == 0 ? 0 : Cursor % next.PoolSize,
        };
    }
}
