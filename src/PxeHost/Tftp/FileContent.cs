using Microsoft.Win32.SafeHandles;

namespace PxeHost.Tftp;

/// <summary>The bytes of one served file, read by offset; shared in memory or read from disk.</summary>
public abstract class FileContent : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Copies bytes at <paramref name="offset"/> into <paramref name="destination"/>; returns the count.</summary>
    public abstract int Read(long offset, Span<byte> destination);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A file held whole in memory by <see cref="FileContentCache"/>, shared by every transfer of it.</summary>
internal sealed class MemoryFileContent(ReadOnlyMemory<byte> bytes) : FileContent
{
    public override long Length => bytes.Length;

    public override int Read(long offset, Span<byte> destination)
    {
        var count = (int)Math.Min(destination.Length, bytes.Length - offset);
        bytes.Span.Slice((int)offset, count).CopyTo(destination);
        return count;
    }
}

/// <summary>A file too large to cache, read block by block with positional reads.</summary>
internal sealed class DiskFileContent(SafeFileHandle handle, long length) : FileContent
{
    public override long Length => length;

    public override int Read(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
