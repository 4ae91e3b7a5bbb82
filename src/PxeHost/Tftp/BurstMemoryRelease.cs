namespace PxeHost.Tftp;

/// <summary>
/// Gives the memory of a burst of transfers back to the system once the burst is over. The garbage
/// collector only runs when something allocates, and an idle server allocates almost nothing: after a
/// flood of requests (thousands of transfers at the cap) the heap it grew to stayed resident for good.
/// One aggressive collection when the last transfer of a large burst ends decommits it; it runs only
/// then, with nothing under way, so no transfer waits for it.
/// </summary>
internal sealed class BurstMemoryRelease(int burstTransfers)
{
    private int _peak;

    /// <summary>Called with the number of transfers under way after one started.</summary>
    public void OnStarted(int active)
    {
        int peak;
        while (active > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, active, peak) != peak)
        {
        }
    }

    /// <summary>Called when the last transfer under way ended; true when a burst was over and its memory released.</summary>
    public bool OnIdle()
    {
        if (Volatile.Read(ref _peak) < burstTransfers || Interlocked.Exchange(ref _peak, 0) < burstTransfers)
        {
            return false;
        }

        // Aggressive: compacts every generation and decommits the freed memory (GCCollectionMode.Aggressive).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }
}
