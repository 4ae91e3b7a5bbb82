using System.Buffers;
using PxeHost.Files;

namespace PxeHost.Tftp;

/// <summary>
/// A file as netascii (see <see cref="Netascii"/>), encoded as its blocks are read instead of copied:
/// twenty netascii transfers of one cached file share its bytes and each holds only a sparse index.
/// Every <see cref="CheckpointInterval"/> bytes of encoded output the index keeps the raw offset there
/// and whether that encoded offset is the second byte of a CR LF or CR NUL pair; one streaming pass
/// builds it and yields the encoded length (tsize, the last block). A read starts from the nearest
/// checkpoint, or from where the previous read ended (a transfer reads its blocks in order). Read by
/// one transfer at a time, as a session reads its content.
/// </summary>
internal sealed class NetasciiFile : OpenedFile
{
    /// <summary>Encoded bytes between checkpoints: an index of 1/8192 of the file, and a retransmitted block re-encodes at most this much before it.</summary>
    public const int CheckpointInterval = 8192;

    private const int ChunkLength = 4096;
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';

    private readonly OpenedFile _raw;
    private readonly long _rawLength;

    /// <summary>Per checkpoint k (encoded offset k × interval): raw offset × 2, plus 1 when the offset is a pair's second byte.</summary>
    private readonly long[] _checkpoints;

    /// <summary>Where the previous read stopped: a raw offset and the encoded offset its encoding starts at.</summary>
    private (long Raw, long Encoded) _cursor;

    private NetasciiFile(OpenedFile raw, long encodedLength, long[] checkpoints)
        : base(raw.DisplayName, raw.Source)
    {
        _raw = raw;
        _rawLength = raw.Length;
        Length = encodedLength;
        _checkpoints = checkpoints;
    }

    public override long Length { get; }

    /// <summary>How many checkpoints the index holds: about <see cref="Length"/> / <see cref="CheckpointInterval"/>.</summary>
    public int CheckpointCount => _checkpoints.Length;

    /// <summary>
    /// Indexes <paramref name="raw"/> in one pass and serves it as netascii; the result owns it.
    /// Throws <see cref="IOException"/> when the file reads shorter than its length.
    /// </summary>
    public static NetasciiFile Open(OpenedFile raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var checkpoints = new List<long>();
        var encoded = 0L;
        var next = 0L;
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkLength);
        try
        {
            for (var offset = 0L; offset < raw.Length;)
            {
                var read = raw.Read(offset, chunk.AsSpan(0, (int)Math.Min(ChunkLength, raw.Length - offset)));
                if (read == 0)
                {
                    throw new IOException("The file shrank while it was being read.");
                }

                encoded = Index(chunk.AsSpan(0, read), offset, encoded, ref next, checkpoints);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new NetasciiFile(raw, encoded, [.. checkpoints]);
    }

    /// <summary>Adds the checkpoints falling in one raw chunk and returns the encoded offset after it.</summary>
    private static long Index(ReadOnlySpan<byte> chunk, long raw, long encoded, ref long next, List<long> checkpoints)
    {
        while (!chunk.IsEmpty)
        {
            // A run of bytes other than CR and LF encodes one for one.
            var pair = chunk.IndexOfAny(CarriageReturn, LineFeed);
            var run = pair < 0 ? chunk.Length : pair;
            for (; next < encoded + run; next += CheckpointInterval)
            {
                checkpoints.Add((raw + (next - encoded)) * 2);
            }

            raw += run;
            encoded += run;
            if (pair < 0)
            {
                return encoded;
            }

            for (; next < encoded + 2; next += CheckpointInterval)
            {
                checkpoints.Add((raw * 2) + (next - encoded));
            }

            raw++;
            encoded += 2;
            chunk = chunk[(pair + 1)..];
        }

        return encoded;
    }

    public override int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= Length || destination.IsEmpty)
        {
            return 0;
        }

        var (raw, encoded) = Start(offset);
        var written = 0;
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkLength);
        try
        {
            while (written < destination.Length && raw < _rawLength)
            {
                // Every raw byte encodes to at least one byte: read no more than could be needed.
                var wanted = Math.Max(0, offset - encoded) + destination.Length - written;
                var read = _raw.Read(raw, chunk.AsSpan(0, (int)Math.Min(Math.Min(ChunkLength, _rawLength - raw), wanted)));
                if (read == 0)
                {
                    throw new IOException("The file shrank while it was being read.");
                }

                var consumed = Encode(chunk.AsSpan(0, read), offset, ref encoded, destination, ref written);
                raw += consumed;
                if (consumed < read)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _cursor = (raw, encoded);
        return written;
    }

    /// <summary>The raw offset to encode from for <paramref name="offset"/>, and the encoded offset of its first byte.</summary>
    private (long Raw, long Encoded) Start(long offset)
    {
        var index = offset / CheckpointInterval;
        var checkpoint = index * CheckpointInterval;
        if (_cursor.Encoded <= offset && _cursor.Encoded >= checkpoint)
        {
            return _cursor;
        }

        var packed = _checkpoints[index];
        return (packed >> 1, checkpoint - (packed & 1));
    }

    /// <summary>
    /// Encodes raw bytes, writing those at or after <paramref name="offset"/> until the destination is
    /// full; returns how many raw bytes were wholly encoded (<paramref name="encoded"/> moves past them).
    /// </summary>
    private static int Encode(ReadOnlySpan<byte> raw, long offset, ref long encoded, Span<byte> destination, ref int written)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (written == destination.Length)
            {
                return i;
            }

            var b = raw[i];
            if (b is not (CarriageReturn or LineFeed))
            {
                if (encoded >= offset)
                {
                    destination[written++] = b;
                }

                encoded++;
                continue;
            }

            // RFC 764: LF is sent as CR LF, a bare CR as CR NUL.
            if (encoded >= offset)
            {
                destination[written++] = CarriageReturn;
            }

            if (encoded + 1 >= offset)
            {
                if (written == destination.Length)
                {
                    // The pair's second byte is the next read's first: this raw byte is not done.
                    return i;
                }

                destination[written++] = b == LineFeed ? LineFeed : (byte)0;
            }

            encoded += 2;
        }

        return raw.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _raw.Dispose();
        }

        base.Dispose(disposing);
    }
}
