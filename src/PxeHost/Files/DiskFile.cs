using Microsoft.Win32.SafeHandles;

namespace PxeHost.Files;

/// <summary>A real file behind an open descriptor, read with positional reads (no shared file position).</summary>
internal sealed class DiskFile(SafeFileHandle handle, FileStamp stamp, string source) : OpenedFile(stamp?.Path ?? string.Empty, source)
{
    private readonly FileStamp _stamp = stamp ?? throw new ArgumentNullException(nameof(stamp));

    public override long Length => _stamp.Length;

    public override FileStamp Stamp => _stamp;

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

    public override async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, destination[total..], offset + total, cancellationToken).ConfigureAwait(false);
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
