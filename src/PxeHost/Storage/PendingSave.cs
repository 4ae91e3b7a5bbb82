namespace PxeHost.Storage;

/// <summary>One <c>SqliteLeaseStore.SaveAsync</c> call waiting in the write queue for the commit that carries it.</summary>
internal sealed class PendingSave(Lease[] leases, LeaseUndo? undo = null)
{
    public Lease[] Leases { get; } = leases;

    /// <summary>Takes the decision these leases come from back out of memory when their commit fails.</summary>
    public LeaseUndo? Undo { get; } = undo;

    /// <summary>
    /// Completed by the writer thread after the commit; continuations run on the thread pool, so one
    /// commit that releases thousands of callers does not run their code on the writer.
    /// </summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
