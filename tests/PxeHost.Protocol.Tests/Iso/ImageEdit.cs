using System.Buffers.Binary;
using PxeHost.Protocol.Iso;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>Finds a directory record in an image's bytes and rewrites its fields, the way a corrupt or hostile image would have them.</summary>
internal sealed class ImageEdit(byte[] image)
{
    public byte[] Image => image;

    /// <summary>The position of the record in <paramref name="directory"/> (its extent) whose data starts at <paramref name="entry"/>'s.</summary>
    public long RecordOf(IsoEntry directory, IsoEntry entry)
    {
        var extent = directory.Extents[0];
        for (var sector = extent.Offset; sector < extent.Offset + extent.Length; sector += 2048)
        {
            for (var at = sector; at < sector + 2048 && image[at] != 0; at += image[at])
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan((int)at + 2)) * 2048L == entry.Extents[0].Offset && image[at + 33] > 1)
                {
                    return at;
                }
            }
        }

        throw new InvalidOperationException($"no record of {entry.Name} in {directory.Name}");
    }

    /// <summary>Writes a both-endian 32-bit field (ECMA-119 §7.3.3).</summary>
    public void BothEndian(long at, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)at), value);
        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan((int)at + 4), value);
    }

    public void Extent(long record, uint block) => BothEndian(record + 2, block);

    public void Length(long record, uint length) => BothEndian(record + 10, length);

    public void Flags(long record, byte flags) => image[record + 25] = flags;

    /// <summary>The position of the SUSP entry <paramref name="signature"/> in the record's system use area, or -1.</summary>
    public long SystemUseEntry(long record, string signature)
    {
        var length = image[record];
        var found = image.AsSpan((int)record + 33, length - 33).IndexOf(System.Text.Encoding.ASCII.GetBytes(signature));
        return found < 0 ? -1 : record + 33 + found;
    }
}
