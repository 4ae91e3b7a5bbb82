using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>
/// A leases.db written before leases carried the client identifier (schema version 1) keeps working: it
/// is read as it is, migrated on open, its leases still match their clients by MAC, and new grants store
/// the identifier.
/// </summary>
public sealed class LeaseDatabaseMigrationTests : IDisposable
{
    private static readonly System.Net.NetworkInformation.PhysicalAddress A = DhcpCaptures.Mac("52:54:00:00:00:0a");
    private static readonly IPAddress Leased = IPAddress.Parse("10.99.0.120");

    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.150"))],
    };

    private readonly LeaseStoreTestData _data = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_version_1_database_is_read_migrated_and_its_leases_still_match_by_mac()
    {
        var start = _time.GetUtcNow().AddMinutes(-10).ToUnixTimeMilliseconds();
        WriteVersion1($"INSERT INTO leases VALUES ('10.99.0.120', '52:54:00:00:00:0a', 1, {start}, {start + 3_600_000}, 'old-host')");

        // `pxehost leases` reads it without migrating it.
        var listed = Assert.Single(await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
        Assert.Equal((Leased, A, "old-host", (string?)null), (listed.Address, listed.Mac, listed.Hostname, listed.ClientId));

        var client = new LeaseClient(A, "0152540000000a");
        await using (var store = await OpenAsync())
        {
            var back = await store.OfferAsync(Scope, client, null, CancellationToken.None);
            Assert.Equal((Leased, "the client's previous address"), (back.Address, back.Reason));
            var renewed = Assert.Single((await store.RequestAsync(Scope, client, Leased, null, CancellationToken.None)).Changed);
            Assert.Equal("0152540000000a", renewed.ClientId);
        }

        Assert.Equal(2, UserVersion());
        var stored = Assert.Single(await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
        Assert.Equal((Leased, "0152540000000a"), (stored.Address, stored.ClientId));

        // From now on the lease is that identifier's: another identifier on the same MAC does not get it.
        await using var reopened = await OpenAsync();
        Assert.NotEqual(Leased, (await reopened.OfferAsync(Scope, new LeaseClient(A, "00ff"), null, CancellationToken.None)).Address);
    }

    private Task<SqliteLeaseStore> OpenAsync() => SqliteLeaseStore.OpenAsync(
        _data.Directory, LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [Scope] }, _time, NullLogger.Instance, CancellationToken.None);

    /// <summary>The file exactly as schema version 1 made it.</summary>
    private void WriteVersion1(string rows)
    {
        using var connection = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE leases (
                address  TEXT    NOT NULL PRIMARY KEY,
                mac      TEXT    NOT NULL,
                state    INTEGER NOT NULL,
                start    INTEGER NOT NULL,
                expires  INTEGER NOT NULL,
                hostname TEXT
            ) WITHOUT ROWID;
            PRAGMA user_version = 1;
            {rows};
            """;
        command.ExecuteNonQuery();
    }

    private long UserVersion()
    {
        using var connection = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }
}
