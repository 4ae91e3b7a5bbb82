using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Storage;

/// <summary>
/// Leases in <c>DATA_DIR/leases.db</c>, a SQLite database in WAL mode, with group commit: every
/// <see cref="SaveAsync"/> call is queued, and one writer thread takes all that is queued, writes it in
/// one transaction and commits, then completes every caller of that batch (or fails every one of them
/// with the commit's exception). Callers never wait on the disk on their own thread, and under load one
/// commit carries thousands of leases; the DHCP service ACKs only once its save has completed.
/// </summary>
/// <remarks>
/// With <see cref="LeaseDurability.Process"/> (synchronous=NORMAL) a completed save survives kill -9 of
/// the process but not power loss; <see cref="LeaseDurability.PowerLoss"/> (synchronous=FULL) survives
/// both at the price of an fsync per commit.
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

    private SqliteLeaseStore(SqliteConnection connection, string path, LeaseDurability durability, ILogger logger, PxeHostMetrics? metrics)
    {
        _connection = connection;
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

    /// <summary>Opens (creating the directory and the file if missing) with <see cref="LeaseDurability.Process"/>.</summary>
    /// <exception cref="InvalidOperationException">The directory or file cannot be created, opened or read; the message names the path and why.</exception>
    public static Task<SqliteLeaseStore> OpenAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, LeaseDurability.Process, logger, cancellationToken);

    /// <summary>Opens (creating the directory and the file if missing) and brings the schema up to date.</summary>
    /// <exception cref="InvalidOperationException">The directory or file cannot be created, opened or read; the message names the path and why.</exception>
    public static Task<SqliteLeaseStore> OpenAsync(
        string dataDirectory, LeaseDurability durability, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, durability, logger, null, cancellationToken);

    /// <summary>Opens (creating the directory and the file if missing) and brings the schema up to date; counts on <paramref name="metrics"/> (a meter of its own when null).</summary>
    /// <exception cref="InvalidOperationException">The directory or file cannot be created, opened or read; the message names the path and why.</exception>
    public static async Task<SqliteLeaseStore> OpenAsync(
        string dataDirectory, LeaseDurability durability, ILogger logger, PxeHostMetrics? metrics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        var path = DatabasePathIn(dataDirectory);
        var connection = await Task.Run(() => LeaseDatabase.OpenForWriting(path, durability, logger), cancellationToken).ConfigureAwait(false);
        return new SqliteLeaseStore(connection, path, durability, logger, metrics);
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

    /// <inheritdoc/>
    /// <remarks>Reads on its own connection on the thread pool; saves completed before the call are seen.</remarks>
    public Task<IReadOnlyList<Lease>> LoadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() => LeaseDatabase.ReadAll(DatabasePath, _logger, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Cancellation stops the wait, not the write: a save cancelled after it was queued may still be committed.
    /// A failed commit fails every save of its batch with an <see cref="InvalidOperationException"/> naming the path.
    /// </remarks>
    public Task SaveAsync(IReadOnlyList<Lease> leases, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var pending = new PendingSave(Validated(leases));
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
            throw e.InnerException is { } fault
                ? new InvalidOperationException($"lease database {DatabasePath}: the writer stopped: {fault.Message}", fault)
                : new ObjectDisposedException(nameof(SqliteLeaseStore));
        }

        Metrics.LeaseSaveQueued();
        await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
