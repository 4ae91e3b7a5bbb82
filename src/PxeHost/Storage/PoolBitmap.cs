using System.Numerics;

namespace PxeHost.Storage;

/// <summary>
/// A set of pool offsets (0 to size - 1) as one bit each, with its count: a /16 pool is 8 KiB, and an
/// exhausted pool (count 0) is answered without looking at a single address.
/// </summary>
internal sealed class PoolBitmap(uint size)
{
    private readonly ulong[] _words = new ulong[(size + 63) / 64];

    public int Count { get; private set; }

    public bool this[uint offset] => (_words[offset >> 6] & (1UL << (int)(offset & 63))) != 0;

    public void Set(uint offset, bool value)
    {
        var mask = 1UL << (int)(offset & 63);
        ref var word = ref _words[offset >> 6];
        if (((word & mask) != 0) == value)
        {
            return;
        }

        word ^= mask;
        Count += value ? 1 : -1;
    }

    /// <summary>The first offset in the set at or after <paramref name="start"/>, wrapping round to 0; null when empty.</summary>
    public uint? NextFrom(uint start)
    {
        if (Count == 0)
        {
            return null;
        }

        return FirstIn(start, size) ?? FirstIn(0, start);
    }

    private uint? FirstIn(uint from, uint to)
    {
        var offset = from;
        while (offset < to)
        {
            var word = _words[offset >> 6] >> (int)(offset & 63);
            if (word != 0)
            {
                var found = offset + (uint)BitOperations.TrailingZeroCount(word);
                return found < to ? found : null;
            }

            offset = (offset | 63) + 1;
        }

        return null;
    }
}
