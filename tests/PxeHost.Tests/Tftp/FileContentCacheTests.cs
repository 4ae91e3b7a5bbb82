using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>The shared file contents: what a load that fails leaves behind.</summary>
public sealed class FileContentCacheTests
{
    private const long Budget = 1 << 20;

    [Fact]
    public async Task A_load_that_fails_gives_its_bytes_back_to_the_budget()
    {
        using var metrics = new PxeHostMetrics();
        var cache = new FileContentCache(Budget, Budget, TimeProvider.System, metrics);
        var failing = new FailingFile(new FileStamp("/srv/tftp/initrd.img", 600_000, DateTimeOffset.UnixEpoch));

        await Assert.ThrowsAsync<IOException>(async () => await cache.OpenAsync(failing, CancellationToken.None));

        Assert.Equal(0, cache.CachedBytes);
        Assert.True(failing.Disposed, "the cache owns the file it failed to load");
    }

    [Fact]
    public async Task After_a_failed_load_the_whole_budget_still_serves_other_files_from_memory()
    {
        using var metrics = new PxeHostMetrics();
        var cache = new FileContentCache(Budget, Budget, TimeProvider.System, metrics);
        await Assert.ThrowsAsync<IOException>(async () =>
            await cache.OpenAsync(new FailingFile(new FileStamp("/srv/tftp/a.img", 600_000, DateTimeOffset.UnixEpoch)), CancellationToken.None));

        // 600 KB still counted would push this 600 KB file over the 1 MiB budget and evict it at once.
        var content = TftpServerHarness.RandomBytes(600_000);
        var stamp = new FileStamp("/srv/tftp/b.img", content.Length, DateTimeOffset.UnixEpoch);
        using (await cache.OpenAsync(new MemoryFile(content, "b.img", "test", stamp), CancellationToken.None))
        {
        }

        Assert.Equal(content.Length, cache.CachedBytes);
        using var again = await cache.OpenAsync(new MemoryFile(content, "b.img", "test", stamp), CancellationToken.None);
        var read = new byte[content.Length];
        Assert.Equal(content.Length, again.Read(0, read));
        Assert.Equal(content, read);
    }

    [Fact]
    public async Task A_file_whose_read_failed_is_read_again_by_the_next_request()
    {
        using var metrics = new PxeHostMetrics();
        var cache = new FileContentCache(Budget, Budget, TimeProvider.System, metrics);
        var stamp = new FileStamp("/srv/tftp/initrd.img", 1000, DateTimeOffset.UnixEpoch);
        await Assert.ThrowsAsync<IOException>(async () => await cache.OpenAsync(new FailingFile(stamp), CancellationToken.None));

        var content = TftpServerHarness.RandomBytes(1000);
        using var served = await cache.OpenAsync(new MemoryFile(content, "initrd.img", "test", stamp), CancellationToken.None);
        var read = new byte[1000];
        served.Read(0, read);
        Assert.Equal(content, read);
        Assert.Equal(1000, cache.CachedBytes);
    }

    /// <summary>A real file as the disk gives it when the read fails: EIO on every read.</summary>
    private sealed class FailingFile(FileStamp stamp) : OpenedFile(stamp.Path, "test")
    {
        public bool Disposed { get; private set; }

        public override long Length => stamp.Length;

        public override FileStamp Stamp => stamp;

        public override int Read(long offset, Span<byte> destination) => throw new IOException("Input/output error");

        public override ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
            ValueTask.FromException<int>(new IOException("Input/output error"));

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
