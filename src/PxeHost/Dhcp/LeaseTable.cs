using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Storage;

namespace PxeHost.Dhcp;

/// <summary>
/// Which address belongs to which client, in memory: the authority the DHCP service decides with
/// (one thread at a time), rebuilt from the lease store at start. Every address has at most one
/// lease, and an address is offered only when no other client holds it, has it on offer, or has it
/// reserved — so no address is ever given to two clients. Scopes are told apart by their subnet, so
/// new settings for a subnet (<see cref="UpdateScopes"/>) keep its leases, bindings and offers.
/// </summary>
public sealed class LeaseTable
{
    private readonly Dictionary<uint, Lease> _leases = [];
    private Dictionary<(uint Network, int Prefix), ScopeState> _scopes = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _offerHold;

    public LeaseTable(IReadOnlyList<DhcpScope> scopes, TimeProvider time, TimeSpan offerHold)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        foreach (var scope in scopes)
        {
            _scopes[KeyOf(scope)] = new ScopeState(scope);
        }

        _time = time;
        _offerHold = offerHold;
    }

    public IReadOnlyCollection<Lease> Leases => _leases.Values;

    public int PendingOffers => _scopes.Values.Sum(s => s.OfferByMac.Count);

    /// <summary>Takes stored leases back; leases outside every scope are not kept (their count is returned).</summary>
    public int Load(IEnumerable<Lease> leases)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var dropped = 0;
        foreach (var lease in leases)
        {
            var address = Ipv4.ToUInt32(lease.Address);
            if (ScopeOf(address) is not { } state)
            {
                dropped++;
                continue;
            }

            _leases[address] = lease;
            if (lease.State != LeaseState.Declined)
            {
                state.BindingByMac[lease.Mac] = address;
            }
        }

        return dropped;
    }

    public Lease? Find(IPAddress address) => _leases.GetValueOrDefault(Ipv4.ToUInt32(address));

    /// <summary>
    /// New settings for the subnets (reservations, options, lease time; a reload of the configuration).
    /// A subnet already served keeps its leases, bindings and offers; a new reservation holds its
    /// address from the next request on, and a lease another client has on it runs out first.
    /// </summary>
    public void UpdateScopes(IReadOnlyList<DhcpScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var next = new Dictionary<(uint Network, int Prefix), ScopeState>();
        foreach (var scope in scopes)
        {
            var key = KeyOf(scope);
            next[key] = _scopes.TryGetValue(key, out var state) ? state.Use(scope) : new ScopeState(scope);
        }

        _scopes = next;
    }

    /// <summary>DHCPDISCOVER: picks an address and holds it for the client (RFC 2131 §4.3.1).</summary>
    public LeaseDecision Offer(DhcpScope scope, PhysicalAddress mac, IPAddress? requested)
    {
        var state = _scopes[KeyOf(scope)];
        var now = _time.GetUtcNow();
        var (address, reason) = Choose(state, mac, requested, now);
        if (address is not { } chosen)
        {
            return LeaseDecision.Refuse(reason);
        }

        Withdraw(state, mac);
        state.Offers[chosen] = new PendingOffer(mac, now + _offerHold);
        state.OfferByMac[mac] = chosen;
        return new LeaseDecision(Ipv4.ToAddress(chosen), reason, []);
    }

    /// <summary>DHCPREQUEST: grants the address when it is free for this client, else says why not (NAK).</summary>
    public LeaseDecision Request(DhcpScope scope, PhysicalAddress mac, IPAddress requested, string? hostname)
    {
        var state = _scopes[KeyOf(scope)];
        var now = _time.GetUtcNow();
        var address = Ipv4.ToUInt32(requested);
        if (!scope.Contains(address))
        {
            return LeaseDecision.Refuse($"{requested} is not in {scope.Network}/{scope.PrefixLength}");
        }

        if (BlockedFor(state, mac, address, now) is { } blocked)
        {
            return LeaseDecision.Refuse(blocked);
        }

        var reservation = state.ReservationByMac.GetValueOrDefault(mac);
        if (!state.Scope.InPool(address) && reservation?.Address.Equals(requested) != true)
        {
            return LeaseDecision.Refuse($"{requested} is neither in the pool nor reserved for {Format(mac)}");
        }

        var toSave = new List<Lease>(2);
        if (state.BindingByMac.TryGetValue(mac, out var old) && old != address && _leases.TryGetValue(old, out var oldLease)
            && oldLease.Mac.Equals(mac) && oldLease.State == LeaseState.Active)
        {
            var released = oldLease with { State = LeaseState.Released, Expires = now };
            _leases[old] = released;
            toSave.Add(released);
        }

        var lease = new Lease(requested, mac, LeaseState.Active, now, now + state.Scope.LeaseTime)
        {
            Hostname = reservation?.Hostname ?? hostname,
        };
        _leases[address] = lease;
        state.BindingByMac[mac] = address;
        Withdraw(state, mac);

        toSave.Add(lease);
        return new LeaseDecision(requested, "granted", toSave);
    }

    /// <summary>DHCPRELEASE: the client gives the address back; it stays remembered for that client.</summary>
    public LeaseDecision Release(DhcpScope scope, PhysicalAddress mac, IPAddress address)
    {
        var key = Ipv4.ToUInt32(address);
        if (!scope.Contains(key) || !_leases.TryGetValue(key, out var lease) || !lease.Mac.Equals(mac) || lease.State != LeaseState.Active)
        {
            return LeaseDecision.Refuse($"{Format(mac)} holds no lease on {address}");
        }

        var released = lease with { State = LeaseState.Released, Expires = _time.GetUtcNow() };
        _leases[key] = released;
        return new LeaseDecision(address, "released", [released]);
    }

    /// <summary>DHCPDECLINE: the client found the address in use; nobody gets it for <paramref name="quarantine"/>.</summary>
    public LeaseDecision Decline(DhcpScope scope, PhysicalAddress mac, IPAddress address, TimeSpan quarantine)
    {
        var state = _scopes[KeyOf(scope)];
        var key = Ipv4.ToUInt32(address);
        if (!scope.Contains(key) || (_leases.TryGetValue(key, out var lease) && !lease.Mac.Equals(mac) && lease.IsActiveAt(_time.GetUtcNow())))
        {
            return LeaseDecision.Refuse($"{address} is not {Format(mac)}'s to decline");
        }

        var now = _time.GetUtcNow();
        var declined = new Lease(address, mac, LeaseState.Declined, now, now + quarantine);
        _leases[key] = declined;
        state.BindingByMac.Remove(mac);
        return new LeaseDecision(address, "declined", [declined]);
    }

    private (uint? Address, string Reason) Choose(ScopeState state, PhysicalAddress mac, IPAddress? requested, DateTimeOffset now)
    {
        var scope = state.Scope;
        if (state.ReservationByMac.TryGetValue(mac, out var reservation))
        {
            var reserved = Ipv4.ToUInt32(reservation.Address);
            return BlockedFor(state, mac, reserved, now) is { } why ? (null, $"reserved {reservation.Address} unavailable: {why}") : (reserved, "reservation");
        }

        if (state.OfferByMac.TryGetValue(mac, out var offered) && BlockedFor(state, mac, offered, now) is null)
        {
            return (offered, "already offered");
        }

        if (state.BindingByMac.TryGetValue(mac, out var bound) && scope.InPool(bound) && BlockedFor(state, mac, bound, now) is null)
        {
            return (bound, "the client's previous address");
        }

        if (requested is not null && Ipv4.ToUInt32(requested) is var wanted && scope.InPool(wanted) && BlockedFor(state, mac, wanted, now) is null)
        {
            return (wanted, "the address the client asked for");
        }

        return NextFree(state, mac, now) is { } free ? (free, "from the pool") : (null, $"pool {scope.Pools} exhausted");
    }

    /// <summary>
    /// Walks the pool from where the last search stopped: first addresses nobody ever held, then
    /// those whose lease ended (released or expired), so returning clients tend to keep theirs.
    /// </summary>
    private uint? NextFree(ScopeState state, PhysicalAddress mac, DateTimeOffset now)
    {
        var scope = state.Scope;
        var size = scope.PoolSize;
        for (uint i = 0; i < size; i++)
        {
            var candidate = scope.AddressAt((state.Cursor + i) % size);
            if (!_leases.ContainsKey(candidate) && BlockedFor(state, mac, candidate, now) is null)
            {
                state.Cursor = (state.Cursor + i + 1) % size;
                return candidate;
            }
        }

        PruneOffers(state, now);
        for (uint i = 0; i < size; i++)
        {
            var candidate = scope.AddressAt(i);
            if (BlockedFor(state, mac, candidate, now) is null)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="address"/> cannot go to <paramref name="mac"/> now, or null when it can.</summary>
    private string? BlockedFor(ScopeState state, PhysicalAddress mac, uint address, DateTimeOffset now)
    {
        if (state.ReservedAddresses.TryGetValue(address, out var owner) && !owner.Equals(mac))
        {
            return $"{Ipv4.ToAddress(address)} is reserved for {Format(owner)}";
        }

        if (_leases.TryGetValue(address, out var lease) && !lease.Mac.Equals(mac) && lease.State != LeaseState.Released && lease.Expires > now)
        {
            return lease.State == LeaseState.Declined
                ? $"{Ipv4.ToAddress(address)} was declined (in use on the network) until {lease.Expires:u}"
                : $"{Ipv4.ToAddress(address)} is leased to {Format(lease.Mac)} until {lease.Expires:u}";
        }

        if (lease is { State: LeaseState.Declined } && lease.Expires > now)
        {
            return $"{Ipv4.ToAddress(address)} was declined until {lease.Expires:u}";
        }

        if (state.Offers.TryGetValue(address, out var offer) && !offer.Mac.Equals(mac) && offer.Expires > now)
        {
            return $"{Ipv4.ToAddress(address)} is on offer to {Format(offer.Mac)}";
        }

        return null;
    }

    /// <summary>
    /// Ends the client's offer. Its address may meanwhile be on offer to another client (this one's
    /// hold expired and the other took it): that other client's hold stays.
    /// </summary>
    private static void Withdraw(ScopeState state, PhysicalAddress mac)
    {
        if (state.OfferByMac.Remove(mac, out var address) && state.Offers.TryGetValue(address, out var offer) && offer.Mac.Equals(mac))
        {
            state.Offers.Remove(address);
        }
    }

    private static void PruneOffers(ScopeState state, DateTimeOffset now)
    {
        foreach (var (address, offer) in state.Offers.Where(o => o.Value.Expires <= now).ToList())
        {
            state.Offers.Remove(address);
            state.OfferByMac.Remove(offer.Mac);
        }
    }

    private ScopeState? ScopeOf(uint address) => _scopes.Values.FirstOrDefault(s => s.Scope.Contains(address));

    private static (uint Network, int Prefix) KeyOf(DhcpScope scope) => (Ipv4.ToUInt32(scope.Network), scope.PrefixLength);

    public static string Format(PhysicalAddress mac) =>
        Storage.MacAddressText.Format(mac ?? PhysicalAddress.None);

    private sealed record PendingOffer(PhysicalAddress Mac, DateTimeOffset Expires);

    private sealed class ScopeState
    {
        public ScopeState(DhcpScope scope) => Use(scope);

        public DhcpScope Scope { get; private set; } = null!;

        public Dictionary<PhysicalAddress, uint> BindingByMac { get; } = [];

        public Dictionary<uint, PendingOffer> Offers { get; } = [];

        public Dictionary<PhysicalAddress, uint> OfferByMac { get; } = [];

        public Dictionary<PhysicalAddress, DhcpReservation> ReservationByMac { get; private set; } = [];

        public Dictionary<uint, PhysicalAddress> ReservedAddresses { get; private set; } = [];

        public uint Cursor { get; set; }

        public ScopeState Use(DhcpScope scope)
        {
            Scope = scope;
            ReservationByMac = scope.Reservations.ToDictionary(r => r.Mac);
            ReservedAddresses = scope.Reservations.ToDictionary(r => Ipv4.ToUInt32(r.Address), r => r.Mac);
            return this;
        }
    }
}
