using System.Globalization;

namespace PxeHost.Files;

/// <summary>
/// The version of a real file: where it is, its size and its modification time. The TFTP cache keys
/// its entries on it, so an edited file is read again; HTTP derives ETag and Last-Modified from it.
/// </summary>
public sealed record FileStamp(string Path, long Length, DateTimeOffset LastModified)
{
    /// <summary>A strong entity tag (RFC 9110 §8.8.3) that changes with the size or the modification time.</summary>
    public string ETag => string.Create(CultureInfo.InvariantCulture, $"\"{Length:x}-{LastModified.UtcTicks:x}\"");
}
