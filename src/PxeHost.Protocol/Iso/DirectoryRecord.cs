using System.Buffers.Binary;

namespace PxeHost.Protocol.Iso;

/// <summary>
/// One directory record (ECMA-119 §9.1) as read from a directory's sector. Both-endian fields are read
/// from their little-endian half, as Linux and libisofs do: some mastering tools wrote a wrong
/// big-endian half, and the little-endian one is what every reader trusts.
/// </summary>
internal readonly record struct DirectoryRecord(
    long Position,
    int Length,
    byte ExtendedAttributeLength,
    uint Lba,
    uint DataLength,
    byte Flags,
    byte FileUnitSize,
    byte InterleaveGap,
    byte[] Identifier,
    int SystemUseStart,
    int SystemUseLength)
{
    public const int FixedLength = 33;
    public const byte DirectoryFlag = 0x02;
    public const byte MultiExtentFlag = 0x80;

    public bool IsDirectory => (Flags & DirectoryFlag) != 0;

    public bool IsMultiExtent => (Flags & MultiExtentFlag) != 0;

    /// <summary>The "." (0x00) or ".." (0x01) record of a directory.</summary>
    public bool IsSelfOrParent => Identifier is [0] or [1];

    /// <summary>Where the extent's data begins: after the extended attribute record (ECMA-119 §9.5).</summary>
    public long DataOffset => ((long)Lba + ExtendedAttributeLength) * IsoVolume.BlockSize;

    /// <summary>
    /// Reads the record at the start of <paramref name="bytes"/> (what is left of its sector: records
    /// never cross a sector boundary, ECMA-119 §6.8.1.1). <paramref name="position"/> is its image offset.
    /// </summary>
    public static DirectoryRecord Parse(ReadOnlySpan<byte> bytes, long position)
    {
        var length = bytes[0];
        if (length < FixedLength + 1)
        {
            throw new IsoFormatException($"a directory record says it is {length} bytes, shorter than its {FixedLength + 1} fixed bytes", position);
        }

        if (length > bytes.Length)
        {
            throw new IsoFormatException($"a directory record of {length} bytes crosses the end of its sector or directory", position);
        }

        var identifierLength = bytes[32];
        if (identifierLength == 0 || FixedLength + identifierLength > length)
        {
            throw new IsoFormatException($"a directory record's identifier of {identifierLength} bytes does not fit its {length}-byte record", position);
        }

        // A padding byte follows an identifier of even length (§9.1.12); the system use area is the rest.
        var systemUse = Math.Min(length, FixedLength + identifierLength + ((identifierLength & 1) == 0 ? 1 : 0));
        return new DirectoryRecord(
            position,
            length,
            bytes[1],
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[2..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]),
            bytes[25],
            bytes[26],
            bytes[27],
            bytes.Slice(FixedLength, identifierLength).ToArray(),
            systemUse,
            length - systemUse);
    }
}
