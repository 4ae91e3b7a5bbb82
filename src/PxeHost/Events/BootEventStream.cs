using System.Diagnostics.CodeAnalysis;

namespace PxeHost.Events;

/// <summary>
/// The typed boot events of every client, as the protocol services publish them: fanned out to
/// subscribers, each with its own bounded channel and filter, and kept in a bounded history that a
/// late reader can replay. Publishing never waits: a slow reader loses its own oldest events only.
/// </summary>
/// <remarks>
/// One lock orders publishing, history and subscribing, so every reader sees events in one order and
/// a replaying reader gets each event once: from the history or live, never both, never neither.
/// Inside it a publish does only non-blocking channel writes and the subscribers' filters, which must
/// be quick and must not throw.
/// </remarks>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A stream of events, as the design names it; not a System.IO.Stream.")]
public sealed class BootEventStream
{
    public const int DefaultHistory = 4096;

    public const int DefaultSubscriberCapacity = 1024;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly BootEvent?[] _history;
    private int _next;
    private int _count;
    private BootEventSubscription[] _subscribers = [];
    private long _published;

    public BootEventStream(TimeProvider time, ClientDirectory? clients = null, int historyCapacity = DefaultHistory)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyCapacity, 1);
        _time = time;
        Clients = clients ?? new ClientDirectory();
        _history = new BootEvent?[historyCapacity];
    }

    /// <summary>IP → MAC, fed by the DHCP service; names the machine behind a TFTP or HTTP request.</summary>
    public ClientDirectory Clients { get; }

    public long Published => Interlocked.Read(ref _published);

    /// <summary>
    /// Publishes an event. An unset <see cref="BootEvent.Time"/> becomes now; an unknown
    /// <see cref="BootEvent.Mac"/> is looked up in <see cref="Clients"/> by <see cref="BootEvent.ClientIp"/>.
    /// </summary>
    public void Publish(BootEvent boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        if (boot.Time == default)
        {
            boot = boot with { Time = _time.GetUtcNow() };
        }

        if (boot.Mac is null && Clients.Find(boot.ClientIp) is { } mac)
        {
            boot = boot with { Mac = mac };
        }

        lock (_gate)
        {
            _history[_next] = boot;
            _next = (_next + 1) % _history.Length;
            _count = Math.Min(_count + 1, _history.Length);
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(boot);
            }
        }

        Interlocked.Increment(ref _published);
    }

    /// <summary>
    /// A new reader of the events <paramref name="filter"/> takes (all when null), starting with the last
    /// <paramref name="replay"/> such events of the history (at most <paramref name="capacity"/>), then every later one.
    /// </summary>
    public BootEventSubscription Subscribe(Func<BootEvent, bool>? filter = null, int replay = 0, int capacity = DefaultSubscriberCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replay);
        var subscription = new BootEventSubscription(this, filter, capacity);
        lock (_gate)
        {
            if (replay > 0)
            {
                // More than the channel holds would only be dropped again at once.
                foreach (var boot in RecentLocked(subscription.Accepts, Math.Min(replay, capacity)))
                {
                    subscription.Offer(boot);
                }
            }

            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    /// <summary>The history, oldest first: the last <paramref name="count"/> events <paramref name="filter"/> takes.</summary>
    public IReadOnlyList<BootEvent> Recent(Func<BootEvent, bool>? filter = null, int count = int.MaxValue)
    {
        lock (_gate)
        {
            return RecentLocked(filter ?? (_ => true), count);
        }
    }

    internal void Unsubscribe(BootEventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private List<BootEvent> RecentLocked(Func<BootEvent, bool> filter, int count)
    {
        var found = new List<BootEvent>();
        for (var i = 1; i <= _count && found.Count < count; i++)
        {
            var boot = _history[(_next - i + _history.Length) % _history.Length]!;
            if (filter(boot))
            {
                found.Add(boot);
            }
        }

        found.Reverse();
        return found;
    }
}
