namespace PxeHost.Storage;

/// <summary>One <see cref="SqliteLeaseStore.SaveAsync"/> call waiting in the write queue for the commit that carries it.</summary>
internal sealed class PendingSave(Lease[] leases)
{
    public Lease[] Leases { get; } = leases;

    /// <summary>
    /// Completed by the writer thread after the commit; continuations run on the thread pool, so one
    /// commit that releases thousands of callers does not run their code on the writer.
    /// </summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
