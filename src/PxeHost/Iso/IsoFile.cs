using Microsoft.Win32.SafeHandles;
using PxeHost.Files;
using PxeHost.Protocol.Iso;

namespace PxeHost.Iso;

/// <summary>
/// A file inside an image, read through its extents straight from the image file: nothing extracted.
/// It holds a reference on the image's handle, so the descriptor stays open until the last file of a
/// disposed tree is disposed too.
/// </summary>
internal sealed class IsoFile : OpenedFile
{
    private readonly SafeFileHandle _handle;
    private readonly IsoEntry _entry;
    private readonly FileStamp _stamp;
    private bool _referenced;

    public IsoFile(SafeFileHandle handle, IsoEntry entry, FileStamp stamp, string source)
        : base(stamp.Path, source)
    {
        _handle = handle;
        _entry = entry;
        _stamp = stamp;
        _handle.DangerousAddRef(ref _referenced);
    }

    public override long Length => _entry.Length;

    public override FileStamp Stamp => _stamp;

    public override int Read(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length && _entry.TryLocate(offset + total, out var at, out var contiguous))
        {
            var read = RandomAccess.Read(_handle, destination[total..][..(int)Math.Min(contiguous, destination.Length - total)], at);
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
        while (total < destination.Length && _entry.TryLocate(offset + total, out var at, out var contiguous))
        {
            var chunk = destination[total..][..(int)Math.Min(contiguous, destination.Length - total)];
            var read = await RandomAccess.ReadAsync(_handle, chunk, at, cancellationToken).ConfigureAwait(false);
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
        if (disposing && _referenced)
        {
            _referenced = false;
            _handle.DangerousRelease();
        }

        base.Dispose(disposing);
    }
}
