using System.Globalization;

namespace PxeHost.Protocol.Iso;

/// <summary>
/// The image is not one the reader accepts: corrupt, truncated, hostile, or using a feature it does
/// not read. <see cref="Reason"/> says what, <see cref="Offset"/> where (a byte offset in the image).
/// This is the one exception the reader throws for bad image bytes.
/// </summary>
public sealed class IsoFormatException : Exception
{
    public IsoFormatException()
        : this("not a readable ISO 9660 image", 0)
    {
    }

    public IsoFormatException(string message)
        : this(message, 0)
    {
    }

    public IsoFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public IsoFormatException(string reason, long offset)
        : base(string.Create(CultureInfo.InvariantCulture, $"{reason} (at byte {offset}, block {offset / IsoVolume.BlockSize})"))
    {
        Reason = reason;
        Offset = offset;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>The byte offset in the image where the problem was found.</summary>
    public long Offset { get; }
}
