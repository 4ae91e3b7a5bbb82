using Microsoft.Win32.SafeHandles;
using PxeHost.Protocol.Iso;

namespace PxeHost.Iso;

/// <summary>
/// An image file as the reader's medium: positional reads on one open handle (no shared file
/// position), so TFTP and HTTP read the same image from many threads at once.
/// </summary>
internal sealed class IsoFileMedium(SafeFileHandle handle, long length) : IIsoMedium
{
    public long Length => length;

    public int Read(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length && offset + total < length)
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
}
