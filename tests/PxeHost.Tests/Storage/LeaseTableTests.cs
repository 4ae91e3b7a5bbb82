using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>
/// The in-memory allocation the lease stores decide with: pool walk, offer hold, reservations,
/// RELEASE, DECLINE quarantine, expiry, the leases loaded back from the file, and scopes replaced at run time. The clock is a
/// <see cref="ManualTimeProvider"/>, so holds and leases expire when a test says so.
/// </summary>
public sealed class LeaseTableTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quarantine = TimeSpan.FromMinutes(10);
    private static readonly PhysicalAddress A = DhcpCaptures.Mac("52:54:00:00:00:0a");
    private static readonly PhysicalAddress B = DhcpCaptures.Mac("52:54:00:00:00:0b");
    private static readonly PhysicalAddress C = DhcpCaptures.Mac("52:54:00:00:00:0c");
    private static readonly PhysicalAddress D = DhcpCaptures.Mac("52:54:00:00:00:0d");
    private static readonly PhysicalAddress E = DhcpCaptures.Mac("52:54:00:00:00:0e");
    private static readonly PhysicalAddress Reserved = DhcpCaptures.Mac("52:54:00:00:00:99");

    private readonly ManualTimeProvider _time = new();

    private static IPAddress Ip(int last) => IPAddress.Parse($"10.99.0.{last}");

    /// <summary>10.99.0.0/24 with the pool .100–.103 (four addresses) and the given reservations.</summary>
    private static DhcpScope Scope(int lastInPool = 103, params DhcpReservation[] reservations) => new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(Ip(100), Ip(lastInPool))],
        LeaseTime = TimeSpan.FromHours(1),
        Reservations = reservations,
    };

    private LeaseTable Table(DhcpScope scope) => new([scope], _time, Hold);

    private static IPAddress Granted(LeaseDecision decision)
    {
        Assert.True(decision.Granted, decision.Reason);
        return decision.Address!;
    }

    private static IPAddress Lease(LeaseTable table, DhcpScope scope, PhysicalAddress mac)
    {
        var offered = Granted(table.Offer(scope, mac, null));
        return Granted(table.Request(scope, mac, offered, null));
    }

    [Fact]
    public void A_scope_with_two_pools_hands_out_the_second_once_the_first_is_taken()
    {
        var scope = Scope(lastInPool: 101) with { Ranges = [new DhcpRange(Ip(100), Ip(101)), new DhcpRange(Ip(200), Ip(201))] };
        var table = Table(scope);

        Assert.Equal([Ip(100), Ip(101), Ip(200), Ip(201)], new[] { A, B, C, D }.Select(mac => Lease(table, scope, mac)));

        var refused = table.Offer(scope, E, null);
        Assert.Equal("pool 10.99.0.100-10.99.0.101, 10.99.0.200-10.99.0.201 exhausted", refused.Reason);
        Assert.False(table.Request(scope, E, Ip(150), null).Granted);
        var taken = table.Request(scope, A, Ip(201), null);
        Assert.False(taken.Granted);
        Assert.Contains($"is leased to {MacAddressText.Format(D)}", taken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void New_settings_for_a_subnet_keep_its_leases_and_apply_reservations_and_lease_time_at_once()
    {
        var scope = Scope();
        var table = Table(scope);
        var leased = Lease(table, scope, A);
        var offered = Granted(table.Offer(scope, B, null));

        var updated = scope with { LeaseTime = TimeSpan.FromHours(2), Reservations = [new DhcpReservation(Reserved, Ip(50), "fixed")] };
        table.UpdateScopes([updated]);

        Assert.Equal(A, table.Find(leased)!.Mac);
        Assert.Equal(1, table.PendingOffers);

        // A listener still holds the scope it started with: the subnet is what counts.
        var reservation = table.Offer(scope, Reserved, null);
        Assert.Equal((Ip(50), "reservation"), (reservation.Address, reservation.Reason));
        var granted = table.Request(scope, B, offered, null);
        Assert.True(granted.Granted, granted.Reason);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(2), Assert.Single(granted.Changed).Expires);
    }

    [Fact]
    public void Offers_come_from_the_pool_one_address_per_client()
    {
        var scope = Scope();
        var table = Table(scope);
        var first = table.Offer(scope, A, null);
        var second = table.Offer(scope, B, null);

        Assert.Equal(Ip(100), first.Address);
        Assert.Equal("from the pool", first.Reason);
        Assert.Equal(Ip(101), second.Address);
        Assert.Empty(first.Changed);
        Assert.Equal(2, table.PendingOffers);
    }

    [Fact]
    public void Offers_that_run_out_unrequested_leave_no_trace()
    {
        var scope = Scope() with { PrefixLength = 16, Ranges = [new DhcpRange(IPAddress.Parse("10.99.1.0"), IPAddress.Parse("10.99.8.255"))] };
        var table = Table(scope);
        var macs = Enumerable.Range(0, 1000).Select(i => new PhysicalAddress([0x52, 0x54, 0, 1, (byte)(i >> 8), (byte)i])).ToList();
        var offered = macs.Select(mac => Granted(table.Offer(scope, mac, null))).ToList();
        Assert.Equal(1000, table.PendingOffers);

        _time.Advance(Hold);
        var late = Granted(table.Offer(scope, A, offered[0]));

        Assert.Equal(1, table.PendingOffers);
        Assert.Equal(offered[0], late);
    }

    [Fact]
    public void Renewal_and_rediscover_floods_do_not_grow_the_expiry_queue()
    {
        var scope = Scope();
        var table = Table(scope);
        var address = Lease(table, scope, A);
        Granted(table.Offer(scope, B, null));
        for (var i = 0; i < 10_000; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            Granted(table.Request(scope, A, address, null));
            Granted(table.Offer(scope, B, null));
        }

        Assert.InRange(table.QueuedExpiries, 2, 4);

        // B's hold, renewed by each rediscover, still ends 30 s after the last one; A's lease is intact.
        _time.Advance(Hold);
        Granted(table.Offer(scope, C, null));
        Assert.Equal(1, table.PendingOffers);
        Assert.Equal(_time.GetUtcNow() - Hold + TimeSpan.FromHours(1), table.Find(address)!.Expires);
    }

    [Fact]
    public void Retransmitted_discover_gets_the_same_offer()
    {
        var scope = Scope();
        var table = Table(scope);
        var first = Granted(table.Offer(scope, A, null));
        Granted(table.Offer(scope, B, null));
        var again = table.Offer(scope, A, null);

        Assert.Equal(first, again.Address);
        Assert.Equal("already offered", again.Reason);
        Assert.Equal(2, table.PendingOffers);
    }

    [Fact]
    public void Requested_address_is_offered_when_free_and_not_when_another_holds_it()
    {
        var scope = Scope();
        var table = Table(scope);
        var asked = table.Offer(scope, A, Ip(102));
        Assert.Equal(Ip(102), asked.Address);
        Assert.Equal("the address the client asked for", asked.Reason);

        var taken = table.Offer(scope, B, Ip(102));
        Assert.NotEqual(Ip(102), taken.Address);
        Assert.Equal("from the pool", taken.Reason);

        var outside = table.Offer(scope, C, Ip(200));
        Assert.True(outside.Granted);
        Assert.True(scope.InPool(Ipv4.ToUInt32(outside.Address!)));
    }

    [Fact]
    public void Reservation_outside_the_pool_goes_to_its_owner_with_the_hostname()
    {
        var scope = Scope(103, new DhcpReservation(Reserved, Ip(10), "printer"));
        var table = Table(scope);
        var offer = table.Offer(scope, Reserved, Ip(101));
        Assert.Equal(Ip(10), offer.Address);
        Assert.Equal("reservation", offer.Reason);

        var ack = table.Request(scope, Reserved, Ip(10), "sent-by-client");
        Assert.True(ack.Granted, ack.Reason);
        Assert.Equal("printer", Assert.Single(ack.Changed).Hostname);

        var stolen = table.Request(scope, A, Ip(10), null);
        Assert.False(stolen.Granted);
        Assert.Contains("reserved for 52:54:00:00:00:99", stolen.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserved_pool_address_is_never_offered_to_others_even_when_the_pool_runs_out()
    {
        var scope = Scope(103, new DhcpReservation(Reserved, Ip(101)));
        var table = Table(scope);
        var others = new[] { A, B, C }.Select(mac => Granted(table.Offer(scope, mac, Ip(101)))).ToList();
        Assert.Equal([Ip(100), Ip(102), Ip(103)], others);

        var fourth = table.Offer(scope, D, Ip(101));
        Assert.False(fourth.Granted);
        Assert.False(table.Request(scope, D, Ip(101), null).Granted);
        Assert.Equal(Ip(101), table.Offer(scope, Reserved, null).Address);
    }

    [Fact]
    public void Address_on_offer_to_one_client_is_not_offered_to_another_until_the_hold_expires()
    {
        var scope = Scope(lastInPool: 100);
        var table = Table(scope);
        Assert.Equal(Ip(100), table.Offer(scope, A, null).Address);

        var refused = table.Offer(scope, B, null);
        Assert.False(refused.Granted);
        _time.Advance(Hold - TimeSpan.FromSeconds(1));
        Assert.False(table.Offer(scope, B, Ip(100)).Granted);
        Assert.False(table.Request(scope, B, Ip(100), null).Granted);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Ip(100), table.Offer(scope, B, null).Address);
        var late = table.Request(scope, A, Ip(100), null);
        Assert.False(late.Granted);
        Assert.Contains("on offer to 52:54:00:00:00:0b", late.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rediscover_by_a_client_whose_old_offer_went_to_another_does_not_cancel_that_hold()
    {
        var scope = Scope(lastInPool: 101);
        var table = Table(scope);
        Assert.Equal(Ip(100), table.Offer(scope, A, null).Address);
        _time.Advance(Hold);
        Assert.Equal(Ip(100), table.Offer(scope, B, Ip(100)).Address);

        // A asks again and gets the other address; B's hold on .100 must survive that.
        Assert.Equal(Ip(101), table.Offer(scope, A, null).Address);
        Assert.False(table.Offer(scope, C, Ip(100)).Granted);
        Assert.False(table.Request(scope, C, Ip(100), null).Granted);
        Assert.True(table.Request(scope, B, Ip(100), null).Granted);
    }

    [Fact]
    public void Request_granted_to_a_client_with_a_stale_offer_does_not_cancel_another_clients_hold()
    {
        var scope = Scope(lastInPool: 101);
        var table = Table(scope);
        Assert.Equal(Ip(100), table.Offer(scope, A, null).Address);
        _time.Advance(Hold);
        Assert.Equal(Ip(100), table.Offer(scope, B, Ip(100)).Address);

        Assert.True(table.Request(scope, A, Ip(101), null).Granted);
        Assert.False(table.Request(scope, C, Ip(100), null).Granted);
    }

    [Fact]
    public void Request_for_an_address_leased_to_another_is_refused_with_the_holder()
    {
        var scope = Scope();
        var table = Table(scope);
        var address = Lease(table, scope, A);

        var refused = table.Request(scope, B, address, null);
        Assert.False(refused.Granted);
        Assert.Empty(refused.Changed);
        Assert.Contains("leased to 52:54:00:00:00:0a", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(A, table.Find(address)!.Mac);
    }

    [Fact]
    public void Request_outside_the_subnet_or_the_pool_is_refused()
    {
        var scope = Scope();
        var table = Table(scope);
        Assert.Contains("is not in 10.99.0.0/24", table.Request(scope, A, IPAddress.Parse("10.98.0.5"), null).Reason, StringComparison.Ordinal);
        Assert.Contains("neither in the pool nor reserved", table.Request(scope, A, Ip(50), null).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Granted_request_stores_an_active_lease_for_the_lease_time_and_ends_the_offer()
    {
        var scope = Scope();
        var table = Table(scope);
        var offered = Granted(table.Offer(scope, A, null));
        var ack = table.Request(scope, A, offered, "vm");

        var lease = Assert.Single(ack.Changed);
        Assert.Equal(new Lease(offered, A, LeaseState.Active, _time.GetUtcNow(), _time.GetUtcNow() + TimeSpan.FromHours(1)) { Hostname = "vm" }, lease);
        Assert.Equal(0, table.PendingOffers);
        Assert.Equal(lease, table.Find(offered));
    }

    [Fact]
    public void Released_address_is_reusable_but_its_client_gets_it_back_first()
    {
        var scope = Scope();
        var table = Table(scope);
        var address = Lease(table, scope, A);
        var release = table.Release(scope, A, address);
        Assert.Equal(LeaseState.Released, Assert.Single(release.Changed).State);

        // Fresh addresses go to newcomers first, so A's is still there when A comes back.
        var newcomer = Granted(table.Offer(scope, B, null));
        Assert.NotEqual(address, newcomer);
        var back = table.Offer(scope, A, null);
        Assert.Equal(address, back.Address);
        Assert.Equal("the client's previous address", back.Reason);
    }

    [Fact]
    public void Released_address_goes_to_another_client_once_nothing_fresher_is_left()
    {
        var scope = Scope(lastInPool: 100);
        var table = Table(scope);
        var address = Lease(table, scope, A);
        Assert.False(table.Offer(scope, B, null).Granted);
        Granted(table.Release(scope, A, address));

        Assert.Equal(address, table.Offer(scope, B, null).Address);
        Assert.Equal(address, Granted(table.Request(scope, B, address, null)));
    }

    [Fact]
    public void Release_of_someone_elses_lease_is_refused()
    {
        var scope = Scope();
        var table = Table(scope);
        var address = Lease(table, scope, A);
        Assert.False(table.Release(scope, B, address).Granted);
        Assert.Equal(LeaseState.Active, table.Find(address)!.State);
    }

    [Fact]
    public void Declined_address_is_quarantined_from_every_client_until_the_quarantine_ends()
    {
        var scope = Scope(lastInPool: 100);
        var table = Table(scope);
        var address = Granted(table.Offer(scope, A, null));
        var decline = table.Decline(scope, A, address, Quarantine);
        Assert.Equal(LeaseState.Declined, Assert.Single(decline.Changed).State);

        Assert.False(table.Offer(scope, A, null).Granted);
        Assert.False(table.Offer(scope, B, null).Granted);
        Assert.Contains("declined", table.Request(scope, B, address, null).Reason, StringComparison.Ordinal);
        _time.Advance(Quarantine - TimeSpan.FromSeconds(1));
        Assert.False(table.Offer(scope, B, null).Granted);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(address, table.Offer(scope, B, null).Address);
    }

    [Fact]
    public void Decline_of_an_address_nobody_gave_the_client_is_refused()
    {
        var scope = Scope();
        var table = Table(scope);

        // One spoofed DECLINE per free address would otherwise keep the whole pool from every client.
        var spoofed = table.Decline(scope, B, Ip(101), Quarantine);

        Assert.False(spoofed.Granted);
        Assert.Empty(spoofed.Changed);
        Assert.Null(table.Find(Ip(101)));
        Assert.Equal(Ip(100), table.Offer(scope, A, null).Address);
        Assert.Equal(Ip(101), table.Offer(scope, C, null).Address);
    }

    [Fact]
    public void Decline_of_an_offer_whose_hold_ran_out_is_refused()
    {
        var scope = Scope();
        var table = Table(scope);
        var address = Granted(table.Offer(scope, A, null));
        _time.Advance(Hold);

        // The hold is over, even if its entry is not swept yet: the address is nobody's, so not A's to decline.
        Assert.False(table.Decline(scope, A, address, Quarantine).Granted);
        Assert.Null(table.Find(address));
    }

    [Fact]
    public void Decline_of_an_address_leased_to_another_is_refused()
    {
        var scope = Scope();
        var table = Table(scope);
        var address = Lease(table, scope, A);
        Assert.False(table.Decline(scope, B, address, Quarantine).Granted);
        Assert.Equal(LeaseState.Active, table.Find(address)!.State);
    }

    [Fact]
    public void Exhausted_pool_refuses_with_a_reason()
    {
        var scope = Scope();
        var table = Table(scope);
        foreach (var mac in new[] { A, B, C, D })
        {
            Lease(table, scope, mac);
        }

        var refused = table.Offer(scope, E, null);
        Assert.False(refused.Granted);
        Assert.Equal("pool 10.99.0.100-10.99.0.103 exhausted", refused.Reason);
    }

    [Fact]
    public void Expired_leases_are_reclaimed_when_the_pool_is_full()
    {
        var scope = Scope();
        var table = Table(scope);
        foreach (var mac in new[] { A, B, C, D })
        {
            Lease(table, scope, mac);
        }

        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.False(table.Offer(scope, E, null).Granted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var reclaimed = Granted(table.Offer(scope, E, null));
        Assert.Equal(Ip(100), reclaimed);
        Assert.True(table.Request(scope, E, reclaimed, null).Granted);
        Assert.Equal(E, table.Find(reclaimed)!.Mac);
    }

    [Fact]
    public void Loaded_leases_restore_bindings_and_leases_outside_every_scope_are_kept_aside()
    {
        var scope = Scope();
        var table = Table(scope);
        var now = _time.GetUtcNow();
        var dropped = table.Load(
        [
            new Lease(Ip(102), A, LeaseState.Active, now.AddMinutes(-5), now.AddMinutes(55)),
            new Lease(Ip(103), B, LeaseState.Declined, now.AddMinutes(-1), now.AddMinutes(9)),
            new Lease(IPAddress.Parse("10.98.0.7"), C, LeaseState.Active, now, now.AddHours(1)),
        ]);

        Assert.Equal(1, dropped);
        var back = table.Offer(scope, A, null);
        Assert.Equal(Ip(102), back.Address);
        Assert.Equal("the client's previous address", back.Reason);
        Assert.False(table.Request(scope, C, Ip(102), null).Granted);
        Assert.False(table.Request(scope, C, Ip(103), null).Granted);

        // The declined address gave its client no binding: B gets a fresh one.
        Assert.NotEqual(Ip(103), table.Offer(scope, B, null).Address);

        // Still on record (and in the file), though no scope serves it.
        Assert.Equal(C, table.Find(IPAddress.Parse("10.98.0.7"))!.Mac);
        Assert.Equal(3, table.All.Count);
    }

    [Fact]
    public void Moving_to_a_new_address_releases_the_old_one()
    {
        var scope = Scope();
        var table = Table(scope);
        var old = Lease(table, scope, A);
        var move = table.Request(scope, A, Ip(103), null);

        Assert.True(move.Granted, move.Reason);
        Assert.Equal(
            [(old, LeaseState.Released), (Ip(103), LeaseState.Active)],
            move.Changed.Select(l => (l.Address, l.State)).ToList());
        Assert.Equal(LeaseState.Released, table.Find(old)!.State);
        Assert.True(table.Request(scope, B, old, null).Granted);
    }

    [Fact]
    public void A_reservation_and_a_lease_time_given_at_run_time_apply_to_the_next_request_through_the_old_scope()
    {
        var before = Scope();
        var table = Table(before);
        Assert.Equal(Ip(100), table.Offer(before, Reserved, null).Address);

        table.UpdateScopes([before with { LeaseTime = TimeSpan.FromHours(2), Reservations = [new DhcpReservation(Reserved, Ip(10), "printer")] }]);

        var offer = table.Offer(before, Reserved, null);
        Assert.Equal((Ip(10), "reservation"), (offer.Address, offer.Reason));
        var lease = Assert.Single(table.Request(before, Reserved, Ip(10), null).Changed);
        Assert.Equal((_time.GetUtcNow() + TimeSpan.FromHours(2), "printer"), (lease.Expires, lease.Hostname));
    }

    [Fact]
    public void Updated_scopes_keep_leases_and_offers_on_hold_and_take_in_leases_a_new_scope_covers()
    {
        var scope = Scope();
        var relayed = new DhcpScope { Network = IPAddress.Parse("10.98.0.0"), PrefixLength = 24, Ranges = [new DhcpRange(IPAddress.Parse("10.98.0.5"), IPAddress.Parse("10.98.0.9"))] };
        var table = Table(scope);
        var now = _time.GetUtcNow();
        Assert.Equal(1, table.Load([new Lease(IPAddress.Parse("10.98.0.7"), C, LeaseState.Active, now, now.AddHours(1))]));
        var leased = Lease(table, scope, A);
        var onHold = Granted(table.Offer(scope, B, null));

        table.UpdateScopes([scope with { Ranges = [new DhcpRange(Ip(100), Ip(110))] }, relayed]);

        Assert.Contains("leased to 52:54:00:00:00:0a", table.Request(scope, D, leased, null).Reason, StringComparison.Ordinal);
        Assert.Contains("on offer to 52:54:00:00:00:0b", table.Request(scope, D, onHold, null).Reason, StringComparison.Ordinal);
        Assert.Equal(onHold, table.Offer(scope, B, null).Address);
        Assert.Contains("leased to 52:54:00:00:00:0c", table.Request(relayed, D, IPAddress.Parse("10.98.0.7"), null).Reason, StringComparison.Ordinal);
        Assert.Equal(IPAddress.Parse("10.98.0.7"), table.Offer(relayed, C, null).Address);
    }

    [Fact]
    public void A_scope_no_longer_served_refuses_and_its_leases_stay_on_record()
    {
        var scope = Scope();
        var table = Table(scope);
        var leased = Lease(table, scope, A);

        table.UpdateScopes([]);

        Assert.Equal("10.99.0.0/24 is not a served scope", table.Offer(scope, B, null).Reason);
        Assert.False(table.Request(scope, A, leased, null).Granted);
        Assert.Equal(A, table.Find(leased)!.Mac);
        Assert.Empty(table.Leases);
        Assert.Single(table.All);
    }
}
