namespace PxeHost.Dhcp;

/// <summary>Counters of the DHCP service, read by tests, benchmarks and metrics.</summary>
public sealed class DhcpCounters
{
    private long _received;
    private long _malformed;
    private long _dropped;
    private long _overflow;
    private long _offers;
    private long _acks;
    private long _naks;
    private long _saveFailures;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams that did not parse as DHCP (truncated, bad hlen, option overrun …).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Well-formed requests that got no reply, each for a logged reason.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Requests dropped because the queue was full.</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    public long Offers => Interlocked.Read(ref _offers);

    public long Acks => Interlocked.Read(ref _acks);

    public long Naks => Interlocked.Read(ref _naks);

    public long SaveFailures => Interlocked.Read(ref _saveFailures);

    internal void OnReceived() => Interlocked.Increment(ref _received);

    internal void OnMalformed() => Interlocked.Increment(ref _malformed);

    internal void OnDropped() => Interlocked.Increment(ref _dropped);

    internal void OnOverflow() => Interlocked.Increment(ref _overflow);

    internal void OnSaveFailed() => Interlocked.Increment(ref _saveFailures);

    internal void OnReply(Protocol.Dhcp.DhcpMessageType? type)
    {
        switch (type)
        {
            case Protocol.Dhcp.DhcpMessageType.Offer:
                Interlocked.Increment(ref _offers);
                break;
            case Protocol.Dhcp.DhcpMessageType.Ack:
                Interlocked.Increment(ref _acks);
                break;
            case Protocol.Dhcp.DhcpMessageType.Nak:
                Interlocked.Increment(ref _naks);
                break;
        }
    }
}
