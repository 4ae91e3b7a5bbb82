using System.Threading.Channels;

namespace PxeHost.Events;

/// <summary>
/// One reader of the <see cref="BootEventStream"/>: the events its filter takes, in a bounded channel
/// of its own. A reader that falls behind loses its oldest events, counted in <see cref="Dropped"/>;
/// the publishers never wait for it. Dispose to stop receiving.
/// </summary>
public sealed class BootEventSubscription : IDisposable
{
    private readonly BootEventStream _stream;
    private readonly Func<BootEvent, bool>? _filter;
    private readonly Channel<BootEvent> _channel;
    private long _dropped;

    internal BootEventSubscription(BootEventStream stream, Func<BootEvent, bool>? filter, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _stream = stream;
        _filter = filter;
        _channel = Channel.CreateBounded<BootEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = false, SingleReader = false },
            _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<BootEvent> Reader => _channel.Reader;

    /// <summary>Events this reader lost because it fell <c>capacity</c> events behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public IAsyncEnumerable<BootEvent> ReadAllAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Takes the event if the filter does; never waits (a full channel drops its oldest).</summary>
    internal void Offer(BootEvent boot)
    {
        if (_filter is null || _filter(boot))
        {
            _channel.Writer.TryWrite(boot);
        }
    }

    internal bool Accepts(BootEvent boot) => _filter is null || _filter(boot);

    /// <summary>Stops receiving; what is already in the channel can still be read, then the reader completes.</summary>
    public void Dispose()
    {
        _stream.Unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
