using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PxeHost.Fuzz;

/// <summary>
/// Lies an ISO 9660 image tells in its own terms: both-endian block numbers and lengths (ECMA-119
/// §7.3.3) set to the image's own blocks, to zero or to huge values, directory record length bytes
/// that do not advance, and runs of metadata cleared, all where the descriptors and directories are.
/// </summary>
public static class ImageMutations
{
    private const int Block = 2048;
    private const int Descriptors = 16 * Block;

    private static readonly uint[] Interesting = [0, 1, 16, 17, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];

    public static void Apply(List<byte> data, Random random)
    {
        // The metadata a small image has: its descriptors and directories, before the file data.
        var end = Math.Min(data.Count, 48 * Block) - 8;
        if (end <= Descriptors)
        {
            return;
        }

        var at = Descriptors + random.Next(end - Descriptors);
        var bytes = CollectionsMarshal.AsSpan(data);
        switch (random.Next(4))
        {
            case 0:
                var value = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (uint)random.Next(Math.Max(1, data.Count / Block));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes[at..], value);
                BinaryPrimitives.WriteUInt32BigEndian(bytes[(at + 4)..], value);
                break;
            case 1:
                bytes[at] = (byte)(random.Next(3) switch { 0 => 0, 1 => random.Next(1, 34), _ => 0xFF });
                break;
            case 2:
                bytes.Slice(at, Math.Min(random.Next(1, 256), bytes.Length - at)).Clear();
                break;
            default:
                // A record's flags: directory, multi-extent.
                bytes[at] ^= (byte)(random.Next(2) == 0 ? 0x02 : 0x80);
                break;
        }
    }
}
