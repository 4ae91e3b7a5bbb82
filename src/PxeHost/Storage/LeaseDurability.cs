namespace PxeHost.Storage;

/// <summary>What a completed commit of a lease decision (<see cref="SqliteLeaseStore"/>) must survive.</summary>
public enum LeaseDurability
{
    /// <summary>
    /// A crash of the process (kill -9, an unhandled exception): WAL with synchronous=NORMAL. A commit is
    /// written to the WAL file, in the kernel's page cache, before the caller hears of it; only
    /// checkpoints wait for the disk. Power loss or a kernel panic can lose the last commits.
    /// </summary>
    Process = 1,

    /// <summary>
    /// Power loss too: WAL with synchronous=FULL, so every commit waits for fsync of the WAL. Slower by
    /// the disk's flush latency per transaction, which group commit spreads over every waiting caller.
    /// </summary>
    PowerLoss = 2,
}
