using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Storage;

/// <summary>
/// The embedded lease store of one server: leases in <c>DATA_DIR/leases.db</c>, a SQLite database in WAL
/// mode. Decisions are made in memory by a <see cref="LeaseTable"/> under a lock — this server is the
/// only authority over these addresses — and committed with group commit: every change is queued, and
/// one writer thread takes all that is queued, writes it in one transaction and commits, then completes
/// every decision of that batch (or fails every one of them with the commit's exception). Callers never
/// wait on the disk on their own thread, and under load one commit carries thousands of leases; a grant
/// is returned, and the DHCP service ACKs, only once its commit has completed.
/// </summary>
/// <remarks>
/// With <see cref="LeaseDurability.Process"/> (synchronous=NORMAL) a completed commit survives kill -9 of
/// the process but not power loss; <see cref="LeaseDurability.PowerLoss"/> (synchronous=FULL) survives
/// both at the price of an fsync per commit. When a commit fails, its decisions are taken back out of memory
/// (latest first) before their callers hear of it: no ACK went out, so the table returns to what it was
/// before — an offer stays an offer, a renewal keeps its old expiry — and the retransmitted REQUEST is
/// decided and committed afresh.
/// </remarks>
public sealed partial class SqliteLeaseStore : ILeaseStore
{
    /// <summary>Saves waiting at most; past that, callers wait (asynchronously) for room.</summary>
    private const int QueueCapacity = 16_384;

    /// <summary>Caps one transaction so that the first caller of a long queue is not held up too long.</summary>
    private const int MaxSavesPerCommit = 4_096;

    private readonly SqliteConnection _connection;
    private readonly ILogger _logger;
    private readonly Channel<PendingSave> _queue = Channel.CreateBounded<PendingSave>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsMetrics;
    private int _disposed;

    /// <summary>Counted for the log line at close; the writer thread alone touches them.</summary>
    private long _commits;
    private long _leasesWritten;

    private SqliteLeaseStore(SqliteConnection connection, string path, LeaseDurability durability, LeaseTable table, ILogger logger, PxeHostMetrics? metrics)
    {
        _connection = connection;
        _table = new LockedLeaseTable(table);
        _logger = logger;
        _ownsMetrics = metrics is null;
        Metrics = metrics ?? new PxeHostMetrics();
        DatabasePath = path;
        Durability = durability;
        new Thread(RunWriter) { IsBackground = true, Name = "lease store writer" }.Start();
    }

    /// <summary>The full path of <c>leases.db</c>.</summary>
    public string DatabasePath { get; }

    public LeaseDurability Durability { get; }

    /// <summary>Saves, commits and leases written; the DHCP service's instruments when it opened the store.</summary>
    public PxeHostMetrics Metrics { get; }

    /// <summary>Opens with <see cref="LeaseDurability.Process"/>, serving no scope yet (see <see cref="UpdateScopes"/>).</summary>
    /// <exception cref="InvalidOperationException">The directory or file cannot be created, opened or read; the message names the path and why.</exception>
    public static Task<SqliteLeaseStore> OpenAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, LeaseDurability.Process, new LeaseAllocationOptions(), TimeProvider.System, logger, null, cancellationToken);

    /// <summary>Opens serving no scope yet (see <see cref="UpdateScopes"/>).</summary>
    /// <exception cref="InvalidOperationException">The directory or file cannot be created, opened or read; the message names the path and why.</exception>
    public static Task<SqliteLeaseStore> OpenAsync(string dataDirectory, LeaseDurability durability, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, durability, new LeaseAllocationOptions(), TimeProvider.System, logger, null, cancellationToken);

    /// <summary>Opens with its own meter; see the overload that takes <see cref="PxeHostMetrics"/>.</summary>
    /// <exception cref="InvalidOperationException">The directory or file cannot be created, opened or read; the message names the path and why.</exception>
    public static Task<SqliteLeaseStore> OpenAsync(
        string dataDirectory, LeaseDurability durability, LeaseAllocationOptions allocation, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, durability, allocation, time, logger, null, cancellationToken);

    /// <summary>
    /// Opens (creating the directory and the file if missing), brings the schema up to date and takes every
    /// stored lease back into memory, to allocate in <paramref name="allocation"/>'s scopes by <paramref name="time"/>;
    /// counts on <paramref name="metrics"/> (a meter of its own when null).
    /// </summary>
    /// <exception cref="InvalidOperationException">The directory or file cannot be created, opened or read; the message names the path and why.</exception>
    public static async Task<SqliteLeaseStore> OpenAsync(
        string dataDirectory, LeaseDurability durability, LeaseAllocationOptions allocation, TimeProvider time, ILogger logger, PxeHostMetrics? metrics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(logger);
        var path = DatabasePathIn(dataDirectory);
        var connection = await Task.Run(() => LeaseDatabase.OpenForWriting(path, durability, logger), cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await Task.Run(() => LeaseDatabase.ReadAll(path, logger, cancellationToken), cancellationToken).ConfigureAwait(false);
            var table = new LeaseTable(allocation.Scopes, time, allocation.OfferHold);
            table.Load(stored);
            return new SqliteLeaseStore(connection, path, durability, table, logger, metrics);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The leases of an existing database, read without creating or changing anything: for
    /// <c>pxehost leases</c>, also while the server runs (WAL lets a reader and the writer work at once).
    /// </summary>
    /// <exception cref="InvalidOperationException">No database there, or it cannot be read; the message names the path and why.</exception>
    public static Task<IReadOnlyList<Lease>> ReadExistingAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        var path = DatabasePathIn(dataDirectory);
        return Task.Run(() => LeaseDatabase.ReadAll(path, logger, cancellationToken), cancellationToken);
    }

    /// <summary>Every row of the file, read on its own connection on the thread pool; saves completed before the call are seen.</summary>
    internal Task<IReadOnlyList<Lease>> LoadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() => LeaseDatabase.ReadAll(DatabasePath, _logger, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Queues the leases to be inserted or replaced (by address) in one transaction; when the task completes
    /// they survive a crash (kill -9) of this process. Concurrent calls may share one transaction, and
    /// calls commit in the order they were made, so the later save of an address wins.
    /// </summary>
    /// <remarks>
    /// Cancellation stops the wait, not the write: a save cancelled after it was queued may still be committed.
    /// A failed commit fails every save of its batch with an <see cref="InvalidOperationException"/> naming the path.
    /// </remarks>
    internal Task SaveAsync(IReadOnlyList<Lease> leases, CancellationToken cancellationToken) => SaveAsync(leases, null, cancellationToken);

    /// <summary>As <see cref="SaveAsync(IReadOnlyList{Lease}, CancellationToken)"/>; a failed commit takes the decision back with <paramref name="undo"/> first.</summary>
    private Task SaveAsync(IReadOnlyList<Lease> leases, LeaseUndo? undo, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var pending = new PendingSave(Validated(leases), undo);
        if (pending.Leases.Length == 0)
        {
            return Task.CompletedTask;
        }

        if (_queue.Writer.TryWrite(pending))
        {
            Metrics.LeaseSaveQueued();
            return pending.Completion.Task.WaitAsync(cancellationToken);
        }

        return EnqueueAndWaitAsync(pending, cancellationToken);
    }

    /// <summary>Commits everything already queued, stops the writer and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        await _writerStopped.Task.ConfigureAwait(false);
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }
    }

    private static string DatabasePathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), LeaseDatabase.FileName);

    /// <summary>A copy, so a caller that reuses its list cannot change a batch while it is being written.</summary>
    private static Lease[] Validated(IReadOnlyList<Lease> leases)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var copy = new Lease[leases.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var lease = leases[i];
            if (lease?.Address is null || lease.Mac is null)
            {
                throw new ArgumentException($"leases[{i}] is null or has no address or MAC", nameof(leases));
            }

            copy[i] = lease;
        }

        return copy;
    }

    private async Task EnqueueAndWaitAsync(PendingSave pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            RevertFailed([pending]);
            throw e.InnerException is { } fault
                ? new InvalidOperationException($"lease database {DatabasePath}: the writer stopped: {fault.Message}", fault)
                : new ObjectDisposedException(nameof(SqliteLeaseStore));
        }

        Metrics.LeaseSaveQueued();
        await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
