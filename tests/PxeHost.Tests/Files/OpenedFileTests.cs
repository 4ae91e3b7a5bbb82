using PxeHost.Files;

namespace PxeHost.Tests.Files;

/// <summary>Reads by offset, as TFTP blocks and HTTP ranges need them, from a real file and from memory.</summary>
public sealed class OpenedFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pxh-opened-").FullName;
    private readonly byte[] _content = new byte[100_000];

    public OpenedFileTests()
    {
        new Random(3).NextBytes(_content);
        File.WriteAllBytes(Path.Combine(_root, "initrd"), _content);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<int, int> Ranges() => new()
    {
        { 0, 512 },
        { 512, 512 },
        { 99_000, 1000 },
        { 99_500, 1000 },
        { 12_345, 65_464 },
        { 100_000, 10 },
        { 150_000, 10 },
        { 0, 100_000 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task A_disk_file_reads_exactly_the_bytes_at_an_offset(int offset, int count)
    {
        using var file = Open();
        var expected = Expected(offset, count);

        var buffer = new byte[count];
        Assert.Equal(expected.Length, file.Read(offset, buffer));
        Assert.Equal(expected, buffer[..expected.Length]);

        var asyncBuffer = new byte[count];
        Assert.Equal(expected.Length, await file.ReadAsync(offset, asyncBuffer, CancellationToken.None));
        Assert.Equal(expected, asyncBuffer[..expected.Length]);
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void A_memory_file_reads_exactly_the_bytes_at_an_offset(int offset, int count)
    {
        using var file = new MemoryFile(_content, "(test)", "test");
        var expected = Expected(offset, count);
        var buffer = new byte[count];
        Assert.Equal(expected.Length, file.Read(offset, buffer));
        Assert.Equal(expected, buffer[..expected.Length]);
    }

    [Fact]
    public void Reads_out_of_order_do_not_disturb_each_other()
    {
        using var file = Open();
        var late = new byte[100];
        var early = new byte[100];
        file.Read(90_000, late);
        file.Read(10, early);
        Assert.Equal(_content[90_000..90_100], late);
        Assert.Equal(_content[10..110], early);
    }

    [Fact]
    public void The_stream_seeks_and_reads_like_a_file()
    {
        using var file = Open();
        using var stream = file.OpenStream();
        Assert.True(stream.CanSeek);
        Assert.Equal(_content.Length, stream.Length);

        stream.Seek(-100, SeekOrigin.End);
        var tail = new byte[200];
        var read = stream.Read(tail);
        Assert.Equal(100, read);
        Assert.Equal(_content[^100..], tail[..100]);
        Assert.Equal(_content.Length, stream.Position);

        stream.Position = 7;
        var start = new byte[3];
        stream.ReadExactly(start);
        Assert.Equal(_content[7..10], start);
    }

    [Fact]
    public void Disposing_the_stream_leaves_the_file_readable()
    {
        using var file = Open();
        file.OpenStream().Dispose();
        var buffer = new byte[4];
        Assert.Equal(4, file.Read(0, buffer));
    }

    private OpenedFile Open() => new FileChain([new RootFileSource(_root)]).Open("initrd", FileRequest.Local).File!;

    private byte[] Expected(int offset, int count) =>
        offset >= _content.Length ? [] : _content[offset..Math.Min(_content.Length, offset + count)];
}
