using System.Buffers.Binary;
using System.Diagnostics;
using PxeHost.Protocol.Iso;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>
/// Mutation fuzzing of the reader, bounded in count and time: real images with bytes, lengths and
/// block numbers changed where the descriptors and directories are. Whatever the bytes, opening either
/// succeeds (and every file then reads within its length) or throws <see cref="IsoFormatException"/>;
/// nothing else escapes and no input takes long.
/// </summary>
public sealed class IsoMutationTests : IDisposable
{
    private static readonly uint[] Interesting = [0, 1, 16, 17, 18, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF];

    private readonly SourceFolder _source = new();

    [Fact]
    public void Mutated_images_open_or_are_refused_with_the_declared_exception_only()
    {
        var seeds = Seeds();
        var random = new Random(12);
        var (opened, refused) = (0, 0);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20_000 && clock.Elapsed < TimeSpan.FromSeconds(20); i++)
        {
            var image = Mutate(seeds[random.Next(seeds.Length)], random);
            var started = clock.Elapsed;
            try
            {
                ReadEverything(IsoVolume.Open(new MemoryIsoMedium(image)));
                opened++;
            }
            catch (IsoFormatException)
            {
                refused++;
            }

            Assert.True(clock.Elapsed - started < TimeSpan.FromSeconds(2), $"mutant {i} took {clock.Elapsed - started}");
        }

        Assert.True(opened > 100 && refused > 100, $"{opened} opened, {refused} refused: the mutations miss the structures");
    }

    private static void ReadEverything(IsoVolume volume)
    {
        var buffer = new byte[8192];
        var pending = new Stack<IsoEntry>([volume.Root]);
        while (pending.TryPop(out var entry))
        {
            foreach (var child in entry.Children)
            {
                if (child.IsDirectory)
                {
                    pending.Push(child);
                }
                else if (child.Type == IsoEntryType.File)
                {
                    Assert.Equal((int)Math.Min(child.Length, buffer.Length), volume.Read(child, 0, buffer));
                }

                _ = volume.Find(child.Path);
            }
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var image = seed.ToArray();

        // The metadata lives from the volume descriptors (block 16) to the first file data.
        var metadata = Math.Min(image.Length, 40 * 2048);
        for (var steps = 1 + random.Next(4); steps > 0; steps--)
        {
            var at = (16 * 2048) + random.Next(metadata - (16 * 2048) - 8);
            switch (random.Next(5))
            {
                case 0:
                    image[at] = (byte)random.Next(256);
                    break;
                case 1:
                    image[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    var value = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (uint)random.Next(image.Length / 2048);
                    BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), value);
                    BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(at + 4), value);
                    break;
                case 3:
                    image.AsSpan(at, random.Next(1, 64)).Clear();
                    break;
                default:
                    return image[..random.Next(image.Length)];
            }
        }

        return image;
    }

    private byte[][] Seeds()
    {
        _source.File("isolinux/isolinux.bin", File.ReadAllBytes("/usr/lib/ISOLINUX/isolinux.bin"));
        _source.File("boot/efi.img", 4096);
        _source.File("live/" + new string('l', 150), 300);
        _source.File("a/b/c/d/e/f/g/h/i/deep.txt", 10);
        _source.Link("boot/link", "../live");
        return
        [
            _source.MasterBytes("-R", "-J", "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-eltorito-alt-boot", "-e", "boot/efi.img", "-no-emul-boot"),
            _source.MasterBytes("--norock", "-J"),
            _source.MasterBytes("-R", "-rr_reloc_dir", "RR_MOVED"),
        ];
    }

    public void Dispose() => _source.Dispose();
}
