using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>
/// A decision whose commit fails (the file refuses the write, as a full disk or a locked database would)
/// sent no ACK, so memory forgets it: the table is what it was before the REQUEST.
/// </summary>
public sealed class SqliteLeaseStoreRollbackTests : IDisposable
{
    private static readonly PhysicalAddress A = DhcpCaptures.Mac("52:54:00:00:00:0a");
    private static readonly PhysicalAddress B = DhcpCaptures.Mac("52:54:00:00:00:0b");
    private static readonly IPAddress Only = IPAddress.Parse("10.99.0.100");
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);

    /// <summary>One address in the pool, so whoever holds it shows in every other client's answer.</summary>
    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(Only, Only)],
        LeaseTime = TimeSpan.FromHours(1),
    };

    private readonly LeaseStoreTestData _data = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _data.Dispose();

    private Task<SqliteLeaseStore> OpenAsync() => SqliteLeaseStore.OpenAsync(
        _data.Directory, LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [Scope], OfferHold = Hold }, _time, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task An_offer_whose_request_fails_to_commit_stays_an_offer()
    {
        await using var store = await OpenAsync();
        Assert.Equal(Only, (await store.OfferAsync(Scope, A, null, CancellationToken.None)).Address);

        RefuseWrites();
        await Assert.ThrowsAsync<LeaseStoreException>(() => store.RequestAsync(Scope, A, Only, null, CancellationToken.None).AsTask());

        Assert.Null(await store.FindAsync(Only, CancellationToken.None));
        Assert.Contains($"is on offer to {MacAddressText.Format(A)}", (await store.RequestAsync(Scope, B, Only, null, CancellationToken.None)).Reason, StringComparison.Ordinal);
        Assert.Equal((Only, "already offered"), Answer(await store.OfferAsync(Scope, A, null, CancellationToken.None)));

        // And as an offer it runs out: the address is B's to take, not A's for the lease time.
        _time.Advance(Hold);
        Assert.Equal((Only, "from the pool"), Answer(await store.OfferAsync(Scope, B, null, CancellationToken.None)));
    }

    [Fact]
    public async Task A_new_lease_whose_commit_fails_disappears()
    {
        await using var store = await OpenAsync();
        RefuseWrites();
        await Assert.ThrowsAsync<LeaseStoreException>(() => store.RequestAsync(Scope, A, Only, null, CancellationToken.None).AsTask());

        Assert.Empty(await store.ListAsync(CancellationToken.None));
        Assert.Equal((Only, "from the pool"), Answer(await store.OfferAsync(Scope, B, null, CancellationToken.None)));
    }

    [Fact]
    public async Task A_renewal_whose_commit_fails_keeps_the_old_expiry_and_the_retry_renews()
    {
        await using var store = await OpenAsync();
        var first = Assert.Single((await store.RequestAsync(Scope, A, Only, null, CancellationToken.None)).Changed);
        _time.Advance(TimeSpan.FromMinutes(30));

        RefuseWrites();
        await Assert.ThrowsAsync<LeaseStoreException>(() => store.RequestAsync(Scope, A, Only, null, CancellationToken.None).AsTask());
        Assert.Equal(first, await store.FindAsync(Only, CancellationToken.None));

        AcceptWrites();
        var renewed = Assert.Single((await store.RequestAsync(Scope, A, Only, null, CancellationToken.None)).Changed);
        Assert.Equal(_time.GetUtcNow() + Scope.LeaseTime, renewed.Expires);
        Assert.Equal(renewed, Assert.Single(await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None)));
    }

    [Fact]
    public async Task A_move_whose_commit_fails_keeps_the_old_lease_active()
    {
        var scope = Scope with { Ranges = [new DhcpRange(Only, IPAddress.Parse("10.99.0.101"))] };
        await using var store = await SqliteLeaseStore.OpenAsync(
            _data.Directory, LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [scope], OfferHold = Hold }, _time, NullLogger.Instance, CancellationToken.None);
        var first = Assert.Single((await store.RequestAsync(scope, A, Only, null, CancellationToken.None)).Changed);

        RefuseWrites();
        await Assert.ThrowsAsync<LeaseStoreException>(() => store.RequestAsync(scope, A, IPAddress.Parse("10.99.0.101"), null, CancellationToken.None).AsTask());

        Assert.Equal([first], await store.ListAsync(CancellationToken.None));
        Assert.Equal((Only, "the client's previous address"), Answer(await store.OfferAsync(scope, A, null, CancellationToken.None)));
    }

    private static (IPAddress?, string) Answer(LeaseDecision decision) => (decision.Address, decision.Reason);

    /// <summary>As a full disk would: the file refuses every insert, through the store's own connection.</summary>
    private void RefuseWrites() =>
        Execute("CREATE TRIGGER refuse BEFORE INSERT ON leases BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

    private void AcceptWrites() => Execute("DROP TRIGGER refuse");

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
