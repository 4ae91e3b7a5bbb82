using System.Buffers.Binary;
using System.Text;

namespace PxeHost.Protocol.Iso;

/// <summary>
/// The volume descriptor set (ECMA-119 §8): from sector 16 to the set terminator, the primary volume
/// descriptor, a Joliet supplementary descriptor if there is one, and the El Torito boot record.
/// </summary>
internal sealed record VolumeDescriptors(
    string Label,
    long VolumeBlocks,
    DirectoryRecord PrimaryRoot,
    DirectoryRecord? JolietRoot,
    uint? BootCatalogBlock)
{
    public const int FirstSector = 16;

    private const byte BootRecordType = 0;
    private const byte PrimaryType = 1;
    private const byte SupplementaryType = 2;
    private const byte TerminatorType = 255;
    private const int RootRecordOffset = 156;

    public static VolumeDescriptors Read(IIsoMedium medium, IsoLimits limits)
    {
        string? label = null;
        long blocks = 0;
        DirectoryRecord? primary = null;
        DirectoryRecord? joliet = null;
        uint? catalog = null;
        var sector = new byte[IsoVolume.BlockSize];
        for (var index = 0; ; index++)
        {
            var position = (long)(FirstSector + index) * IsoVolume.BlockSize;
            if (index >= limits.MaxVolumeDescriptors)
            {
                throw new IsoFormatException($"no volume descriptor set terminator within {limits.MaxVolumeDescriptors} descriptors", position);
            }

            IsoVolume.ReadExactly(medium, position, sector, "the volume descriptor set");
            if (!sector.AsSpan(1, 5).SequenceEqual("CD001"u8))
            {
                throw new IsoFormatException("not an ISO 9660 volume descriptor (no \"CD001\" identifier)", position);
            }

            switch (sector[0])
            {
                case TerminatorType:
                    return primary is { } root
                        ? new VolumeDescriptors(label ?? string.Empty, blocks, root, joliet, catalog)
                        : throw new IsoFormatException("the volume descriptor set has no primary volume descriptor", position);
                case PrimaryType when primary is null:
                    var blockSize = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(128));
                    if (blockSize != IsoVolume.BlockSize)
                    {
                        throw new IsoFormatException($"the logical block size is {blockSize}; only {IsoVolume.BlockSize} is read", position + 128);
                    }

                    label = Encoding.ASCII.GetString(sector, 40, 32).TrimEnd(' ', '\0');
                    blocks = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(80));
                    primary = DirectoryRecord.Parse(sector.AsSpan(RootRecordOffset, 34), position + RootRecordOffset);
                    break;
                case SupplementaryType when joliet is null && IsJoliet(sector):
                    joliet = DirectoryRecord.Parse(sector.AsSpan(RootRecordOffset, 34), position + RootRecordOffset);
                    break;
                case BootRecordType when catalog is null && IsElTorito(sector):
                    catalog = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(71));
                    break;
                default:
                    // A second primary, a non-Joliet supplementary, a partition descriptor: not read.
                    break;
            }
        }
    }

    /// <summary>Joliet's escape sequences for UCS-2 levels 1, 2 and 3: "%/@", "%/C", "%/E" (Joliet §4.2).</summary>
    private static bool IsJoliet(ReadOnlySpan<byte> sector) =>
        sector[88] == (byte)'%' && sector[89] == (byte)'/' && sector[90] is (byte)'@' or (byte)'C' or (byte)'E';

    /// <summary>The boot record's system identifier (El Torito 1.0 §2.0), padded with NULs.</summary>
    private static bool IsElTorito(ReadOnlySpan<byte> sector) =>
        sector[7..39].TrimEnd((byte)0).SequenceEqual("EL TORITO SPECIFICATION"u8);
}
