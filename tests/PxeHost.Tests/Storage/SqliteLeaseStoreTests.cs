using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Events;
using PxeHost.Storage;
using PxeHost.Tests.Support;
using static PxeHost.Tests.Storage.LeaseStoreTestData;

namespace PxeHost.Tests.Storage;

/// <summary>The SQLite lease store on real files in a temporary directory: round trips, replacement by address, group commit.</summary>
public sealed class SqliteLeaseStoreTests : IDisposable
{
    private readonly LeaseStoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Every_field_round_trips_through_a_reopen()
    {
        Lease[] leases =
        [
            Lease(1, LeaseState.Active, hostname: "pc-1"),
            Lease(2, LeaseState.Released, hostname: null),
            Lease(3, LeaseState.Declined, hostname: "ünïcode-ホスト") with
            {
                // Another offset: the instant is what is kept, to the millisecond.
                Start = new DateTimeOffset(2031, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(5.5)),
                Expires = DateTimeOffset.FromUnixTimeMilliseconds(4_102_444_800_999),
            },
            new Lease(IPAddress.Parse("192.168.255.254"), PhysicalAddress.Parse("00-1A-2B-3C-4D-5E"), LeaseState.Active, Start, Start) { Hostname = string.Empty },
        ];
        await using (var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None))
        {
            await store.SaveAsync(leases, CancellationToken.None);
            Assert.Equal(Sorted(leases), Sorted(await store.LoadAsync(CancellationToken.None)));
        }

        await using var reopened = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        var loaded = Sorted(await reopened.LoadAsync(CancellationToken.None));
        Assert.Equal(Sorted(leases), loaded);
        Assert.Null(loaded[1].Hostname);
        Assert.Equal(string.Empty, loaded[3].Hostname);
    }

    [Fact]
    public async Task A_second_save_of_an_address_replaces_the_first()
    {
        await using var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        var first = Lease(7, hostname: "old");
        var second = first with { Mac = PhysicalAddress.Parse("02-00-00-00-00-99"), State = LeaseState.Released, Hostname = null };
        await store.SaveAsync([first], CancellationToken.None);
        await store.SaveAsync([second], CancellationToken.None);

        // In one batch too: queue order decides.
        var third = first with { Hostname = "newest" };
        await store.SaveAsync([Lease(8), second, third], CancellationToken.None);

        var loaded = await store.LoadAsync(CancellationToken.None);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(third, Assert.Single(loaded, l => l.Address.Equals(first.Address)));
        Assert.Equal(2, CountRows(_data.DatabasePath));
    }

    [Fact]
    public async Task An_ipv4_mapped_address_is_the_same_key_as_the_ipv4_address()
    {
        await using var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        await store.SaveAsync([Lease(5)], CancellationToken.None);
        await store.SaveAsync([Lease(5, hostname: "mapped") with { Address = Address(5).MapToIPv6() }], CancellationToken.None);

        var lease = Assert.Single(await store.LoadAsync(CancellationToken.None));
        Assert.Equal(Address(5), lease.Address);
        Assert.Equal("mapped", lease.Hostname);
    }

    [Fact]
    public async Task Concurrent_saves_from_eight_threads_all_complete_share_commits_and_survive_a_reopen()
    {
        const int Threads = 8;
        const int SavesPerThread = 2_000;
        long commits;
        await using (var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None))
        {
            using var metrics = new MetricReader(store.Metrics);
            using var go = new ManualResetEventSlim();
            var perThread = new Task[Threads][];
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                go.Wait();
                perThread[t] = [.. Enumerable.Range(0, SavesPerThread).Select(i => store.SaveAsync([Lease((t * SavesPerThread) + i)], CancellationToken.None))];
            })).ToList();
            threads.ForEach(t => t.Start());
            go.Set();
            threads.ForEach(t => t.Join());
            await Task.WhenAll(perThread.SelectMany(tasks => tasks));

            Assert.Equal(Threads * SavesPerThread, metrics.Total(MetricNames.LeaseStoreSaves));
            Assert.Equal(Threads * SavesPerThread, metrics.Total(MetricNames.LeaseStoreLeasesWritten));
            commits = metrics.Total(MetricNames.LeaseStoreCommits);
            Assert.True(commits < Threads * SavesPerThread / 10, $"{commits} commits for {Threads * SavesPerThread} saves: no group commit");
        }

        await using var reopened = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        var addresses = (await reopened.LoadAsync(CancellationToken.None)).Select(l => l.Address).ToHashSet();
        Assert.Equal(Threads * SavesPerThread, addresses.Count);
        Assert.All(Enumerable.Range(0, Threads * SavesPerThread), n => Assert.Contains(Address(n), addresses));
    }

    [Fact]
    public async Task Saves_queued_while_the_writer_waits_share_one_transaction()
    {
        await using var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        using var metrics = new MetricReader(store.Metrics);
        Task[] saves;
        using (var blocker = new SqliteConnection($"Data Source={_data.DatabasePath};Pooling=False"))
        {
            // Another connection holds the write lock, so the writer cannot commit anything while
            // the saves are queued: at most its first pick goes alone, the rest must share a commit.
            blocker.Open();
            using var hold = blocker.BeginTransaction();
            saves = [.. Enumerable.Range(0, 1_000).Select(n => store.SaveAsync([Lease(n)], CancellationToken.None))];
            Assert.All(saves, s => Assert.False(s.IsCompleted));
            hold.Rollback();
        }

        await Task.WhenAll(saves);
        Assert.InRange(metrics.Total(MetricNames.LeaseStoreCommits), 1, 2);
        Assert.Equal(1_000, (await store.LoadAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Dispose_commits_what_is_queued_then_refuses_saves()
    {
        var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        Task[] saves = [.. Enumerable.Range(0, 500).Select(n => store.SaveAsync([Lease(n)], CancellationToken.None))];
        await store.DisposeAsync();

        await Task.WhenAll(saves);
        Assert.False(File.Exists(_data.DatabasePath + "-wal"), "closing the last connection checkpoints and removes the WAL");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.SaveAsync([Lease(1)], CancellationToken.None));
        await store.DisposeAsync();

        await using var reopened = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(500, (await reopened.LoadAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_caller_of_its_batch_with_the_path_and_the_reason()
    {
        await using var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        using var metrics = new MetricReader(store.Metrics);
        await store.SaveAsync([Lease(1)], CancellationToken.None);
        ExecuteRaw(_data.DatabasePath, "DROP TABLE leases");

        Task[] saves = [.. Enumerable.Range(2, 3).Select(n => store.SaveAsync([Lease(n)], CancellationToken.None))];
        foreach (var save in saves)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => save);
            Assert.Contains(_data.DatabasePath, error.Message, StringComparison.Ordinal);
            Assert.Contains("no such table: leases", error.Message, StringComparison.Ordinal);
        }

        Assert.True(metrics.Total(MetricNames.LeaseStoreCommitFailures) >= 1);
    }

    [Fact]
    public async Task A_row_that_does_not_parse_is_skipped_with_a_warning_naming_its_address()
    {
        await using (var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None))
        {
            await store.SaveAsync([Lease(1), Lease(2)], CancellationToken.None);
        }

        ExecuteRaw(
            _data.DatabasePath,
            """
            INSERT INTO leases VALUES ('10.0.0.3', 'not-a-mac', 1, 0, 0, NULL, NULL);
            INSERT INTO leases VALUES ('10.0.0.4', '52:54:00:00:00:04', 9, 0, 0, NULL, NULL);
            INSERT INTO leases VALUES ('10.0.0.5', '52:54:00:00:00:05', 1, 'yesterday', 0, NULL, NULL);
            INSERT INTO leases VALUES ('10.0.0.6', '52:54:00:00:00:06', 1, 0, 0, x'00ff', NULL);
            INSERT INTO leases VALUES ('banana', '52:54:00:00:00:07', 1, 0, 0, NULL, NULL);
            """);
        using var logs = new CapturingLoggerProvider();
        await using var reopened = await SqliteLeaseStore.OpenAsync(_data.Directory, logs.CreateLogger("test"), CancellationToken.None);

        var loaded = await reopened.ListAsync(CancellationToken.None);
        Assert.Equal([Address(1), Address(2)], loaded.Select(l => l.Address).Order(AddressComparer));
        var warnings = logs.WithEventId(LogEventIds.Storage.LeaseRowSkipped).Select(l => l.Message).ToList();
        Assert.Equal(5, warnings.Count);
        foreach (var address in new[] { "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "banana" })
        {
            Assert.Contains(warnings, w => w.Contains($"lease of {address} skipped", StringComparison.Ordinal));
        }
    }

    private static readonly Comparer<IPAddress> AddressComparer =
        Comparer<IPAddress>.Create((x, y) => x.GetAddressBytes().AsSpan().SequenceCompareTo(y.GetAddressBytes()));

    private static List<Lease> Sorted(IEnumerable<Lease> leases) => [.. leases.OrderBy(l => l.Address, AddressComparer)];

    private static long CountRows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM leases";
        return (long)count.ExecuteScalar()!;
    }

    private static void ExecuteRaw(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
