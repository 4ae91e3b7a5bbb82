namespace PxeHost.Protocol.Iso;

/// <summary>An image held in memory: tests, fuzzing, and images built on the fly.</summary>
public sealed class MemoryIsoMedium(ReadOnlyMemory<byte> bytes) : IIsoMedium
{
    public long Length => bytes.Length;

    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= bytes.Length)
        {
            return 0;
        }

        var available = bytes.Span[(int)offset..];
        var count = Math.Min(available.Length, destination.Length);
        available[..count].CopyTo(destination);
        return count;
    }
}
