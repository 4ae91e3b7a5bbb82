namespace PxeHost.Files;

/// <summary>Content held in memory: a configuration rendered per client, or a file the TFTP cache shares.</summary>
public sealed class MemoryFile(ReadOnlyMemory<byte> bytes, string displayName, string source, FileStamp? stamp = null, string? mediaType = null)
    : OpenedFile(displayName, source)
{
    public override long Length => bytes.Length;

    public override FileStamp? Stamp => stamp;

    public override string MediaType => mediaType ?? base.MediaType;

    public override int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= bytes.Length)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, bytes.Length - offset);
        bytes.Span.Slice((int)offset, count).CopyTo(destination);
        return count;
    }
}
