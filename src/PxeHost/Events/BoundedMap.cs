using System.Collections.Concurrent;

namespace PxeHost.Events;

/// <summary>
/// A concurrent map that forgets: past its capacity, half its entries (never the one just set) go.
/// What the server remembers about clients it has seen — their last request, which MAC holds which
/// address, an API's answers — so a network of strangers cannot grow it without bound. Counted
/// here, not by <see cref="ConcurrentDictionary{TKey, TValue}.Count"/>, which takes every lock and is
/// asked on every DHCP packet.
/// </summary>
public sealed class BoundedMap<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ICollection<TValue> Values => _entries.Values;

    public void Set(TKey key, TValue value)
    {
        if (!_entries.TryAdd(key, value))
        {
            _entries[key] = value;
            return;
        }

        if (Interlocked.Increment(ref _count) > capacity)
        {
            foreach (var stale in _entries.Keys.Where(k => !k.Equals(key)).Take(capacity / 2).ToList())
            {
                if (_entries.TryRemove(stale, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
    }

    public bool TryGetValue(TKey key, out TValue value) => _entries.TryGetValue(key, out value!);

    public TValue? GetValueOrDefault(TKey key) => _entries.GetValueOrDefault(key);
}
