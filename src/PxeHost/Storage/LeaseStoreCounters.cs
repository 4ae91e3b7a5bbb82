namespace PxeHost.Storage;

/// <summary>Counters of the lease store, read by tests, benchmarks and metrics.</summary>
public sealed class LeaseStoreCounters
{
    private long _saves;
    private long _commits;
    private long _leasesWritten;
    private long _failedCommits;

    /// <summary><see cref="SqliteLeaseStore.SaveAsync"/> calls that reached the write queue.</summary>
    public long Saves => Interlocked.Read(ref _saves);

    /// <summary>Committed transactions; under concurrency each carries many saves (group commit).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public long LeasesWritten => Interlocked.Read(ref _leasesWritten);

    public long FailedCommits => Interlocked.Read(ref _failedCommits);

    internal void OnQueued() => Interlocked.Increment(ref _saves);

    internal void OnCommitted(int leases)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _leasesWritten, leases);
    }

    internal void OnFailed() => Interlocked.Increment(ref _failedCommits);
}
