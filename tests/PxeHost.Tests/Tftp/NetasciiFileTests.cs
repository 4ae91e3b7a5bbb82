using FsCheck;
using FsCheck.Fluent;
using PxeHost.Files;
using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>
/// Netascii encoded as blocks are read: for any content, any block size and any read offset, the
/// bytes read are exactly <see cref="Netascii.Encode"/>'s, and the index is sparse.
/// </summary>
public sealed class NetasciiFileTests
{
    private sealed record Sample(int Seed, int Length, int LineEndPercent, int BlockSize, int StartPercent)
    {
        /// <summary>Bytes where CR and LF are common (runs of them, CR LF pairs, a CR last), the rest anything.</summary>
        public byte[] Content()
        {
            var random = new Random(Seed);
            var bytes = new byte[Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = random.Next(100) < LineEndPercent
                    ? (byte)(random.Next(2) == 0 ? '\r' : '\n')
                    : (byte)random.Next(256);
            }

            return bytes;
        }
    }

    private static readonly Gen<Sample> SampleGen =
        from seed in Gen.Choose(0, int.MaxValue)
        from length in Gen.Frequency((1, Gen.Choose(0, 16)), (4, Gen.Choose(0, 5 * NetasciiFile.CheckpointInterval)))
        from lineEnds in Gen.Elements(0, 3, 50, 100)
        from blockSize in Gen.Frequency((1, Gen.Choose(1, 8)), (6, Gen.Elements(511, 512, 1428, 1468, 8191, 8192, 8193)), (3, Gen.Choose(9, 20000)))
        from start in Gen.Choose(0, 100)
        select new Sample(seed, length, lineEnds, blockSize, start);

    [Fact]
    public void Blocks_read_in_order_from_any_offset_are_the_encoded_bytes()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(300);
        Check.One(config, Prop.ForAll(Arb.From(SampleGen), sample =>
        {
            var raw = sample.Content();
            var expected = Netascii.Encode(raw);
            using var file = NetasciiFile.Open(new MemoryFile(raw, "f", "test"));
            Assert.Equal(expected.Length, file.Length);

            var offset = (long)expected.Length * sample.StartPercent / 100;
            var block = new byte[sample.BlockSize];
            while (true)
            {
                var read = file.Read(offset, block);
                Assert.Equal(Math.Min(block.Length, expected.Length - offset), read);
                Assert.True(expected.AsSpan((int)offset, read).SequenceEqual(block.AsSpan(0, read)), $"bytes differ in the block at {offset}");
                if (read < block.Length)
                {
                    break;
                }

                offset += read;
            }
        }));
    }

    [Fact]
    public void Reads_at_random_offsets_and_back_again_are_the_encoded_bytes()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(200);
        Check.One(config, Prop.ForAll(Arb.From(SampleGen), sample =>
        {
            var raw = sample.Content();
            var expected = Netascii.Encode(raw);
            using var file = NetasciiFile.Open(new MemoryFile(raw, "f", "test"));
            var random = new Random(sample.Seed);
            var block = new byte[sample.BlockSize];
            for (var i = 0; i < 40; i++)
            {
                // A window resent from an earlier block, the next block, or anywhere (an HTTP-like range).
                var offset = random.Next(expected.Length + 2);
                var read = file.Read(offset, block);
                Assert.Equal(Math.Max(0, Math.Min(block.Length, expected.Length - offset)), read);
                Assert.True(expected.AsSpan(Math.Min(offset, expected.Length), read).SequenceEqual(block.AsSpan(0, read)), $"bytes differ at {offset}");
            }
        }));
    }

    [Theory]
    [InlineData("\n", "\r\n")]
    [InlineData("\r", "\r\0")]
    [InlineData("a\r\nb", "a\r\0\r\nb")]
    public void Every_split_of_a_short_text_reads_back_encoded(string text, string encoded)
    {
        var raw = text.Select(c => (byte)c).ToArray();
        var expected = encoded.Select(c => (byte)c).ToArray();
        for (var split = 0; split <= expected.Length; split++)
        {
            using var file = NetasciiFile.Open(new MemoryFile(raw, "f", "test"));
            var first = new byte[split];
            var second = new byte[expected.Length];
            var a = file.Read(0, first);
            var b = file.Read(a, second);
            Assert.Equal(expected, first.AsSpan(0, a).ToArray().Concat(second.AsSpan(0, b).ToArray()));
        }
    }

    [Fact]
    public void The_index_holds_one_checkpoint_per_interval_of_output_not_a_copy()
    {
        var raw = new byte[4 << 20];
        new Random(7).NextBytes(raw);
        using var file = NetasciiFile.Open(new MemoryFile(raw, "f", "test"));
        Assert.Equal(Netascii.Encode(raw).Length, file.Length);
        Assert.Equal((file.Length + NetasciiFile.CheckpointInterval - 1) / NetasciiFile.CheckpointInterval, file.CheckpointCount);

        // 8 bytes per checkpoint: 1/1024 of the encoded file.
        Assert.True(file.CheckpointCount * sizeof(long) <= (file.Length / 1000) + sizeof(long));
    }

    [Fact]
    public void A_file_that_reads_shorter_than_its_length_is_an_io_error()
    {
        Assert.Throws<IOException>(() => NetasciiFile.Open(new ShrunkFile()));
    }

    [Fact]
    public void Disposing_it_disposes_the_content_it_encodes()
    {
        var content = new OwnedProbe();
        NetasciiFile.Open(content).Dispose();
        Assert.True(content.Disposed);
    }

    /// <summary>A file whose length says 100 bytes and whose reads give none (truncated on disk after the open).</summary>
    private sealed class ShrunkFile() : OpenedFile("shrunk", "test")
    {
        public override long Length => 100;

        public override int Read(long offset, Span<byte> destination) => 0;
    }

    private sealed class OwnedProbe() : OpenedFile("probe", "test")
    {
        public bool Disposed { get; private set; }

        public override long Length => 0;

        public override int Read(long offset, Span<byte> destination) => 0;

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
