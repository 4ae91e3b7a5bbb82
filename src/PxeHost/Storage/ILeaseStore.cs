namespace PxeHost.Storage;

/// <summary>Where leases outlive the process. The DHCP service sends an ACK only after <see cref="SaveAsync"/> returns.</summary>
public interface ILeaseStore : IAsyncDisposable
{
    /// <summary>Every stored lease, in any state, to rebuild the in-memory lease table at start.</summary>
    Task<IReadOnlyList<Lease>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces (by address) the given leases in one transaction. When the task completes the
    /// leases survive a crash (kill -9) of this process. Safe to call concurrently; concurrent calls
    /// may share one transaction.
    /// </summary>
    Task SaveAsync(IReadOnlyList<Lease> leases, CancellationToken cancellationToken);
}
