using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>The SQLite store as the DHCP service uses it, through <see cref="ILeaseStore"/>: a decision is in the file when it completes.</summary>
public sealed class SqliteLeaseStoreDecisionTests : IDisposable
{
    private static readonly System.Net.NetworkInformation.PhysicalAddress A = DhcpCaptures.Mac("52:54:00:00:00:0a");
    private static readonly System.Net.NetworkInformation.PhysicalAddress B = DhcpCaptures.Mac("52:54:00:00:00:0b");

    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.103"))],
    };

    private readonly LeaseStoreTestData _data = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _data.Dispose();

    private Task<SqliteLeaseStore> OpenAsync() =>
        SqliteLeaseStore.OpenAsync(_data.Directory, LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [Scope] }, _time, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task A_grant_is_in_the_file_when_it_completes_and_rules_the_address_after_a_reopen()
    {
        IPAddress granted;
        await using (var store = await OpenAsync())
        {
            var offer = await store.OfferAsync(Scope, A, null, CancellationToken.None);
            var grant = await store.RequestAsync(Scope, A, offer.Address!, "vm-a", CancellationToken.None);
            granted = grant.Address!;

            // Read on another connection while the store is open, as `pxehost leases` would: no need to close first.
            var lease = Assert.Single(await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
            Assert.Equal(Assert.Single(grant.Changed), lease);
            Assert.Equal((granted, A, LeaseState.Active, "vm-a"), (lease.Address, lease.Mac, lease.State, lease.Hostname));
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(A, (await reopened.FindAsync(granted, CancellationToken.None))!.Mac);
        Assert.Contains($"leased to {MacAddressText.Format(A)}", (await reopened.RequestAsync(Scope, B, granted, null, CancellationToken.None)).Reason, StringComparison.Ordinal);
        Assert.NotEqual(granted, (await reopened.OfferAsync(Scope, B, granted, CancellationToken.None)).Address);
        var back = await reopened.OfferAsync(Scope, A, null, CancellationToken.None);
        Assert.Equal((granted, "the client's previous address"), (back.Address, back.Reason));
    }

    [Fact]
    public async Task Release_and_decline_are_in_the_file_when_they_complete()
    {
        await using var store = await OpenAsync();
        var first = (await store.RequestAsync(Scope, A, IPAddress.Parse("10.99.0.100"), null, CancellationToken.None)).Address!;
        await store.ReleaseAsync(Scope, A, first, CancellationToken.None);
        var second = (await store.RequestAsync(Scope, B, IPAddress.Parse("10.99.0.101"), null, CancellationToken.None)).Address!;
        await store.DeclineAsync(Scope, B, second, TimeSpan.FromMinutes(10), CancellationToken.None);

        var stored = (await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None)).ToDictionary(l => l.Address.ToString());
        Assert.Equal(LeaseState.Released, stored["10.99.0.100"].State);
        Assert.Equal((LeaseState.Declined, B), (stored["10.99.0.101"].State, stored["10.99.0.101"].Mac));
        Assert.Equal(2, stored.Count);
    }

    [Fact]
    public async Task A_reservation_given_to_the_running_store_applies_to_the_next_discover()
    {
        await using var store = await OpenAsync();
        Assert.Equal(IPAddress.Parse("10.99.0.100"), (await store.OfferAsync(Scope, A, null, CancellationToken.None)).Address);

        store.UpdateScopes([Scope with { Reservations = [new DhcpReservation(A, IPAddress.Parse("10.99.0.10"), "printer")] }]);

        var offer = await store.OfferAsync(Scope, A, null, CancellationToken.None);
        Assert.Equal((IPAddress.Parse("10.99.0.10"), "reservation"), (offer.Address, offer.Reason));
        var lease = Assert.Single((await store.RequestAsync(Scope, A, offer.Address!, null, CancellationToken.None)).Changed);
        Assert.Equal("printer", lease.Hostname);
    }
}
