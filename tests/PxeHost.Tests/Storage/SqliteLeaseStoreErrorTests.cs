using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>What an admin reads when the data directory or the file is wrong: the path and the reason, never a bare SQLite code.</summary>
public sealed class SqliteLeaseStoreErrorTests : IDisposable
{
    private readonly LeaseStoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_naming_the_path()
    {
        File.WriteAllBytes(_data.DatabasePath, [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 37) + 11))]);

        var open = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
        Assert.Equal($"lease database {_data.DatabasePath}: file is not a database (SQLite error 26)", open.Message);

        var read = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(open.Message, read.Message);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_refused_naming_it()
    {
        var file = Path.Combine(_data.Directory, "a-file");
        File.WriteAllText(file, "not a directory");
        var dataDirectory = Path.Combine(file, "data");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteLeaseStore.OpenAsync(dataDirectory, NullLogger.Instance, CancellationToken.None));
        Assert.StartsWith($"lease data directory {dataDirectory}: cannot create it: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_path_that_is_a_directory_is_refused_naming_it()
    {
        Directory.CreateDirectory(_data.DatabasePath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
        Assert.StartsWith($"lease database {_data.DatabasePath}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(SQLite error 14)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_from_a_newer_version_is_refused()
    {
        using (var connection = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
        Assert.Contains($"lease database {_data.DatabasePath}: schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_missing_database_creates_nothing()
    {
        var missing = Path.Combine(_data.Directory, "never-served");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqliteLeaseStore.ReadExistingAsync(missing, NullLogger.Instance, CancellationToken.None));
        Assert.Equal($"lease database {Path.Combine(missing, "leases.db")}: no such file", error.Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Reading_an_existing_database_leaves_no_wal_behind()
    {
        await using (var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None))
        {
            await store.SaveAsync([LeaseStoreTestData.Lease(1)], CancellationToken.None);
        }

        var leases = await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(LeaseStoreTestData.Lease(1), Assert.Single(leases));
        Assert.Equal(["leases.db"], Directory.GetFiles(_data.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_grant_whose_commit_fails_gives_no_ack_and_the_retry_once_the_file_takes_it_is_acked_and_stored()
    {
        var scope = new DhcpScope
        {
            Network = IPAddress.Parse("10.99.0.0"),
            PrefixLength = 24,
            Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.150"))],
        };
        await using var store = await SqliteLeaseStore.OpenAsync(
            _data.Directory, LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [scope] }, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        var responder = new DhcpResponder([scope], store, TestPolicies.Flags());
        var server = IPAddress.Parse("10.99.0.1");
        var request = DhcpCaptures.Request("52:54:00:00:00:42", DhcpMessageType.Request,
            DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("10.99.0.120")),
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, server));

        // As a full disk would: the file refuses every insert.
        Execute(_data.DatabasePath, "CREATE TRIGGER refuse BEFORE INSERT ON leases BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        var failed = await Assert.ThrowsAsync<LeaseStoreException>(() => responder.RespondAsync(request, server, scope).AsTask());
        Assert.StartsWith($"lease database {_data.DatabasePath}: commit failed: refused by the test", failed.Message, StringComparison.Ordinal);
        Assert.Empty(await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));

        Execute(_data.DatabasePath, "DROP TRIGGER refuse");
        var retry = await responder.RespondAsync(request, server, scope);
        Assert.Equal(DhcpMessageType.Ack, retry.ReplyType);
        var lease = Assert.Single(await SqliteLeaseStore.ReadExistingAsync(_data.Directory, NullLogger.Instance, CancellationToken.None));
        Assert.Equal((IPAddress.Parse("10.99.0.120"), LeaseState.Active), (lease.Address, lease.State));
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
