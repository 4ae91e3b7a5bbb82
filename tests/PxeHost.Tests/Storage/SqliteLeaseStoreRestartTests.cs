using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>
/// A client with several rows in the file (an old released lease and a newer active one, or two active
/// ones left by a change of scope) gets back, after a restart, its newest active lease — not whichever
/// row the file happens to return last.
/// </summary>
public sealed class SqliteLeaseStoreRestartTests : IDisposable
{
    private static readonly PhysicalAddress A = DhcpCaptures.Mac("52:54:00:00:00:0a");

    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.199"))],
        LeaseTime = TimeSpan.FromHours(1),
    };

    private readonly LeaseStoreTestData _data = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_newer_active_lease_wins_over_an_older_released_one()
    {
        var now = _time.GetUtcNow();
        await WriteAsync(
            Row(110, LeaseState.Active, now.AddMinutes(-5)),
            Row(150, LeaseState.Released, now.AddDays(-2)));

        await AssertClientGetsBackAsync(IPAddress.Parse("10.99.0.110"));
    }

    [Fact]
    public async Task Of_two_active_leases_the_newest_wins()
    {
        var now = _time.GetUtcNow();
        await WriteAsync(
            Row(120, LeaseState.Active, now.AddMinutes(-1)),
            Row(130, LeaseState.Active, now.AddMinutes(-50)),
            Row(105, LeaseState.Active, now.AddMinutes(-55)));

        await AssertClientGetsBackAsync(IPAddress.Parse("10.99.0.120"));
    }

    [Fact]
    public async Task An_active_lease_wins_over_a_newer_expired_one()
    {
        var now = _time.GetUtcNow();
        await WriteAsync(
            Row(140, LeaseState.Active, now.AddMinutes(-2), TimeSpan.FromMinutes(1)),
            Row(120, LeaseState.Active, now.AddMinutes(-30)));

        await AssertClientGetsBackAsync(IPAddress.Parse("10.99.0.120"));
    }

    private static Lease Row(int last, LeaseState state, DateTimeOffset start, TimeSpan? length = null) =>
        new(IPAddress.Parse($"10.99.0.{last}"), A, state, start, state == LeaseState.Released ? start.AddMinutes(1) : start + (length ?? TimeSpan.FromHours(1)));

    private async Task WriteAsync(params Lease[] rows)
    {
        await using var store = await OpenAsync();
        await store.SaveAsync(rows, CancellationToken.None);
    }

    private async Task AssertClientGetsBackAsync(IPAddress newest)
    {
        await using var store = await OpenAsync();
        var offer = await store.OfferAsync(Scope, A, null, CancellationToken.None);
        Assert.Equal((newest, "the client's previous address"), (offer.Address, offer.Reason));

        // Its REQUEST renews the lease it is bound to: nothing else to release.
        var grant = await store.RequestAsync(Scope, A, newest, null, CancellationToken.None);
        Assert.Equal([newest], grant.Changed.Select(l => l.Address));
    }

    private Task<SqliteLeaseStore> OpenAsync() => SqliteLeaseStore.OpenAsync(
        _data.Directory, LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [Scope] }, _time, NullLogger.Instance, CancellationToken.None);
}
