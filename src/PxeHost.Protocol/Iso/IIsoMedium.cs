namespace PxeHost.Protocol.Iso;

/// <summary>
/// The bytes of an image, read by offset: a file read with positional reads, or an array in tests.
/// Implementations are safe for concurrent reads (TFTP and HTTP read the same image at once).
/// </summary>
public interface IIsoMedium
{
    /// <summary>The image's length in bytes, fixed while it is open.</summary>
    long Length { get; }

    /// <summary>
    /// Copies bytes from <paramref name="offset"/> into <paramref name="destination"/> until it is full
    /// or the image ends; returns the count (0 at or past the end).
    /// </summary>
    int Read(long offset, Span<byte> destination);
}
