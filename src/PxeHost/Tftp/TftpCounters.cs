namespace PxeHost.Tftp;

/// <summary>Counters of the TFTP service, read by tests, benchmarks and metrics.</summary>
public sealed class TftpCounters
{
    private long _malformed;
    private long _transfers;
    private long _completed;
    private long _failed;
    private long _bytesSent;
    private long _retransmits;
    private long _active;

    public long MalformedPackets => Interlocked.Read(ref _malformed);

    public long Transfers => Interlocked.Read(ref _transfers);

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long Retransmits => Interlocked.Read(ref _retransmits);

    public long ActiveTransfers => Interlocked.Read(ref _active);

    internal void OnMalformed() => Interlocked.Increment(ref _malformed);

    internal void OnTransferStarted()
    {
        Interlocked.Increment(ref _transfers);
        Interlocked.Increment(ref _active);
    }

    internal void OnTransferEnded(TftpTransferOutcome outcome, long bytes, int retransmits)
    {
        Interlocked.Decrement(ref _active);
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Add(ref _retransmits, retransmits);
        if (outcome is TftpTransferOutcome.Completed or TftpTransferOutcome.SizeProbe or TftpTransferOutcome.Unconfirmed)
        {
            Interlocked.Increment(ref _completed);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
