using System.Net;
using System.Net.Sockets;
using PxeHost.Dhcp;

namespace PxeHost.Storage;

/// <summary>
/// Which address belongs to which client, in memory: the allocation authority of one server, which
/// <see cref="SqliteLeaseStore"/> and <see cref="MemoryLeaseStore"/> decide with (one caller at a
/// time: they hold a lock). Every address has at most one lease, and an address is offered only when
/// no other client holds it, has it on offer, or has it reserved — so no address is ever given to two
/// clients.
/// </summary>
/// <remarks>
/// A scope is known by its subnet (network and prefix): the scope a caller passes names the subnet,
/// and this table's own definition of it (pool, reservations, lease time) decides. So after
/// <see cref="UpdateScopes"/> a caller still holding the old scope object gets the new rules.
/// </remarks>
internal sealed partial class LeaseTable
{
    private readonly Dictionary<uint, Lease> _leases = [];

    /// <summary>Stored leases in no scope's subnet: still on record, and taken back in when a scope comes to cover them.</summary>
    private readonly Dictionary<IPAddress, Lease> _unscoped = [];

    private readonly TimeProvider _time;
    private readonly TimeSpan _offerHold;
    private Dictionary<Subnet, ScopeState> _scopes = [];

    public LeaseTable(IReadOnlyList<DhcpScope> scopes, TimeProvider time, TimeSpan offerHold)
    {
        _time = time;
        _offerHold = offerHold;
        UpdateScopes(scopes);
    }

    /// <summary>The leases in some scope's subnet.</summary>
    public IReadOnlyCollection<Lease> Leases => _leases.Values;

    /// <summary>Every lease on record, also those outside every scope.</summary>
    public IReadOnlyList<Lease> All => [.. _leases.Values, .. _unscoped.Values];

    public int PendingOffers => _scopes.Values.Sum(s => s.OfferByMac.Count);

    /// <summary>Entries waiting in the expiry queues: about one per held address, however often clients ask.</summary>
    internal int QueuedExpiries => _scopes.Values.Sum(s => s.Expiries.Count);

    /// <summary>Takes stored leases back; those outside every scope are kept aside (their count is returned).</summary>
    public int Load(IEnumerable<Lease> leases)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var now = _time.GetUtcNow();
        var unscoped = 0;
        foreach (var lease in leases)
        {
            if (lease.Address.AddressFamily != AddressFamily.InterNetwork || ScopeOf(Ipv4.ToUInt32(lease.Address)) is not { } state)
            {
                _unscoped[lease.Address] = lease;
                unscoped++;
                continue;
            }

            var address = Ipv4.ToUInt32(lease.Address);
            _leases[address] = lease;
            if (lease.State != LeaseState.Declined
                && (!state.BindingByMac.TryGetValue(lease.Mac, out var bound) || !_leases.TryGetValue(bound, out var other) || Newer(lease, other, now)))
            {
                state.BindingByMac[lease.Mac] = address;
            }
        }

        foreach (var state in _scopes.Values)
        {
            Rebuild(state, now);
        }

        return unscoped;
    }

    /// <summary>
    /// Serves <paramref name="scopes"/> from now on: new pools, reservations and lease times apply to the
    /// next request. Leases stay (those of a subnet no longer served are kept aside); offers pending in a
    /// subnet still served keep their hold. The first scope of a subnet serves it, as the DHCP service
    /// picks the first scope that matches.
    /// </summary>
    public void UpdateScopes(IReadOnlyList<DhcpScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var previous = _scopes;
        _scopes = [];
        foreach (var scope in scopes)
        {
            var subnet = Subnet.Of(scope);
            if (!_scopes.ContainsKey(subnet))
            {
                _scopes[subnet] = previous.TryGetValue(subnet, out var old) ? old.ServedBy(scope) : new ScopeState(scope);
            }
        }

        var leases = All;
        _leases.Clear();
        _unscoped.Clear();
        Load(leases);
    }

    public Lease? Find(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetwork && _leases.TryGetValue(Ipv4.ToUInt32(address), out var lease)
            ? lease
            : _unscoped.GetValueOrDefault(address);
    }

    /// <summary>The lease bound to <paramref name="client"/> in <paramref name="scope"/> (any state), or null.</summary>
    public Lease? FindClient(DhcpScope scope, LeaseClient client) =>
        StateOf(scope) is { } state && state.BindingByMac.TryGetValue(client.Mac, out var bound)
            && _leases.TryGetValue(bound, out var lease) && client.Owns(lease)
            ? lease
            : null;

    /// <summary>DHCPDISCOVER: picks an address and holds it for the client (RFC 2131 §4.3.1).</summary>
    public LeaseDecision Offer(DhcpScope scope, LeaseClient client, IPAddress? requested)
    {
        if (StateOf(scope) is not { } state)
        {
            return NotServed(scope);
        }

        var now = _time.GetUtcNow();
        ExpireDue(state, now);
        var (address, reason) = Choose(state, client, requested, now);
        if (address is not { } chosen)
        {
            return LeaseDecision.Refuse(reason);
        }

        Withdraw(state, client, now);
        Hold(state, client, chosen, now + _offerHold, now);
        return new LeaseDecision(Ipv4.ToAddress(chosen), reason, []);
    }

    /// <summary>DHCPREQUEST: grants the address when it is free for this client, else says why not (NAK).</summary>
    public LeaseDecision Request(DhcpScope scope, LeaseClient client, IPAddress requested, string? hostname)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (StateOf(scope) is not { } state)
        {
            return NotServed(scope);
        }

        var served = state.Scope;
        var now = _time.GetUtcNow();
        ExpireDue(state, now);
        var address = Ipv4.ToUInt32(requested);
        if (!served.Contains(address))
        {
            return LeaseDecision.Refuse($"{requested} is not in {served.Network}/{served.PrefixLength}");
        }

        if (BlockedFor(state, client, address, now) is { } blocked)
        {
            return LeaseDecision.Refuse(blocked);
        }

        var reservation = state.ReservationByMac.GetValueOrDefault(client.Mac);
        if (!served.InPool(address) && reservation?.Address.Equals(requested) != true)
        {
            return LeaseDecision.Refuse($"{requested} is neither in the pool nor reserved for {MacAddressText.Format(client.Mac)}");
        }

        var changed = new List<Lease>(2);
        if (state.BindingByMac.TryGetValue(client.Mac, out var old) && old != address && _leases.TryGetValue(old, out var oldLease)
            && client.Owns(oldLease) && oldLease.State == LeaseState.Active)
        {
            var released = oldLease with { State = LeaseState.Released, Expires = now };
            SetLease(state, old, released, now);
            changed.Add(released);
        }

        var lease = new Lease(requested, client.Mac, LeaseState.Active, now, now + served.LeaseTime)
        {
            Hostname = reservation?.Hostname ?? hostname,
            ClientId = client.ClientId,
        };
        Withdraw(state, client, now);
        SetLease(state, address, lease, now);
        SetBinding(state, client.Mac, address);

        changed.Add(lease);
        return new LeaseDecision(requested, "granted", changed);
    }

    /// <summary>DHCPRELEASE: the client gives the address back; it stays remembered for that client.</summary>
    public LeaseDecision Release(DhcpScope scope, LeaseClient client, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = address.AddressFamily == AddressFamily.InterNetwork ? Ipv4.ToUInt32(address) : 0;
        if (StateOf(scope) is not { } state || !state.Scope.Contains(key) || !_leases.TryGetValue(key, out var lease) || !client.Owns(lease)
            || lease.State != LeaseState.Active)
        {
            return LeaseDecision.Refuse($"{MacAddressText.Format(client.Mac)} holds no lease on {address}");
        }

        var now = _time.GetUtcNow();
        ExpireDue(state, now);
        var released = lease with { State = LeaseState.Released, Expires = now };
        SetLease(state, key, released, now);
        return new LeaseDecision(address, "released", [released]);
    }

    /// <summary>
    /// DHCPDECLINE: the client found the address in use; nobody gets it for <paramref name="quarantine"/>.
    /// Only the client the address was given to (leased, or on offer) may decline it: any machine could
    /// otherwise quarantine the whole pool with one spoofed DECLINE per address.
    /// </summary>
    public LeaseDecision Decline(DhcpScope scope, LeaseClient client, IPAddress address, TimeSpan quarantine)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = _time.GetUtcNow();
        var key = address.AddressFamily == AddressFamily.InterNetwork ? Ipv4.ToUInt32(address) : 0;
        var leased = _leases.TryGetValue(key, out var lease) && client.Owns(lease) && lease.IsActiveAt(now);
        if (StateOf(scope) is not { } state || !state.Scope.Contains(key)
            || !(leased || (state.OfferByMac.TryGetValue(client.Mac, out var offered) && offered == key
                && state.Offers.TryGetValue(key, out var offer) && client.Is(offer.Client) && offer.Expires > now)))
        {
            return LeaseDecision.Refuse($"{address} is not {MacAddressText.Format(client.Mac)}'s to decline");
        }

        ExpireDue(state, now);
        var declined = new Lease(address, client.Mac, LeaseState.Declined, now, now + quarantine) { ClientId = client.ClientId };
        SetLease(state, key, declined, now);
        SetBinding(state, client.Mac, null);
        return new LeaseDecision(address, "declined", [declined]);
    }

    /// <summary>DHCPREQUEST for another server: the client's offer ends now, its address free for others.</summary>
    public LeaseDecision WithdrawOffer(DhcpScope scope, LeaseClient client)
    {
        if (StateOf(scope) is not { } state || !state.OfferByMac.TryGetValue(client.Mac, out var offered))
        {
            return LeaseDecision.Refuse($"{MacAddressText.Format(client.Mac)} has no offer on hold");
        }

        Withdraw(state, client, _time.GetUtcNow());
        return new LeaseDecision(Ipv4.ToAddress(offered), "offer withdrawn", []);
    }

    private (uint? Address, string Reason) Choose(ScopeState state, LeaseClient client, IPAddress? requested, DateTimeOffset now)
    {
        // A reserved address that is taken (declined: something else answers on it) is not offered while
        // it is; its machine gets a pool address meanwhile, as dnsmasq does, rather than no address at all.
        string? unavailable = null;
        if (state.ReservationByMac.TryGetValue(client.Mac, out var reservation))
        {
            var reserved = Ipv4.ToUInt32(reservation.Address);
            if (BlockedFor(state, client, reserved, now) is not { } why)
            {
                return (reserved, "reservation");
            }

            unavailable = $"reserved {reservation.Address} unavailable: {why}";
        }

        var (address, reason) = ChooseFromPool(state, client, requested, now);
        return (address, unavailable is null ? reason : $"{unavailable}; {reason}");
    }

    private (uint? Address, string Reason) ChooseFromPool(ScopeState state, LeaseClient client, IPAddress? requested, DateTimeOffset now)
    {
        var scope = state.Scope;
        if (state.OfferByMac.TryGetValue(client.Mac, out var offered) && BlockedFor(state, client, offered, now) is null)
        {
            return (offered, "already offered");
        }

        if (state.BindingByMac.TryGetValue(client.Mac, out var bound) && scope.InPool(bound) && BlockedFor(state, client, bound, now) is null)
        {
            return (bound, "the client's previous address");
        }

        if (requested is { AddressFamily: AddressFamily.InterNetwork } && Ipv4.ToUInt32(requested) is var wanted && scope.InPool(wanted)
            && BlockedFor(state, client, wanted, now) is null)
        {
            return (wanted, "the address the client asked for");
        }

        return NextFree(state, client, now) is { } free ? (free, "from the pool") : (null, $"pool {scope.Pools} exhausted");
    }

    /// <summary>Why <paramref name="address"/> cannot go to <paramref name="client"/> now, or null when it can.</summary>
    private string? BlockedFor(ScopeState state, LeaseClient client, uint address, DateTimeOffset now)
    {
        if (state.ReservedAddresses.TryGetValue(address, out var owner) && !owner.Equals(client.Mac))
        {
            return $"{Ipv4.ToAddress(address)} is reserved for {MacAddressText.Format(owner)}";
        }

        if (_leases.TryGetValue(address, out var lease) && !client.Owns(lease) && lease.State != LeaseState.Released && lease.Expires > now)
        {
            return lease.State == LeaseState.Declined
                ? $"{Ipv4.ToAddress(address)} was declined (in use on the network) until {lease.Expires:u}"
                : $"{Ipv4.ToAddress(address)} is leased to {MacAddressText.Format(lease.Mac)} until {lease.Expires:u}";
        }

        if (lease is { State: LeaseState.Declined } && lease.Expires > now)
        {
            return $"{Ipv4.ToAddress(address)} was declined until {lease.Expires:u}";
        }

        if (state.Offers.TryGetValue(address, out var offer) && !client.Is(offer.Client) && offer.Expires > now)
        {
            return $"{Ipv4.ToAddress(address)} is on offer to {MacAddressText.Format(offer.Client.Mac)}";
        }

        return null;
    }

    private ScopeState? StateOf(DhcpScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _scopes.GetValueOrDefault(Subnet.Of(scope));
    }

    private static LeaseDecision NotServed(DhcpScope scope) => LeaseDecision.Refuse($"{scope.Network}/{scope.PrefixLength} is not a served scope");

    private ScopeState? ScopeOf(uint address) => _scopes.Values.FirstOrDefault(s => s.Scope.Contains(address));

    /// <summary>Which of a client's stored leases it gets back after a restart: an active one before an ended one, then the newest.</summary>
    private static bool Newer(Lease candidate, Lease current, DateTimeOffset now) =>
        candidate.IsActiveAt(now) != current.IsActiveAt(now) ? candidate.IsActiveAt(now) : candidate.Start > current.Start;

    private readonly record struct Subnet(uint Network, int PrefixLength)
    {
        public static Subnet Of(DhcpScope scope) => new(Ipv4.ToUInt32(scope.Network), scope.PrefixLength);
    }
}
