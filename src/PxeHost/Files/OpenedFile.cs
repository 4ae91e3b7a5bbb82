namespace PxeHost.Files;

/// <summary>
/// A file a source opened, read by offset: TFTP reads the blocks a window needs, HTTP the ranges a
/// client asks for. Whoever receives it disposes it.
/// </summary>
public abstract class OpenedFile : IDisposable
{
    protected OpenedFile(string displayName, string source)
    {
        DisplayName = displayName;
        Source = source;
    }

    /// <summary>What the log calls it: a real path, or "(rendered pxelinux.cfg/01-…)".</summary>
    public string DisplayName { get; }

    /// <summary>The <see cref="IFileSource.Name"/> of the source that answered.</summary>
    public string Source { get; }

    public abstract long Length { get; }

    /// <summary>The real file's version, or null for content that exists only in memory.</summary>
    public virtual FileStamp? Stamp => null;

    /// <summary>The media type HTTP sends: bytes unless the source knows better (rendered configurations are text).</summary>
    public virtual string MediaType => "application/octet-stream";

    /// <summary>
    /// Copies bytes from <paramref name="offset"/> into <paramref name="destination"/> until it is full
    /// or the file ends; returns the count.
    /// </summary>
    public abstract int Read(long offset, Span<byte> destination);

    public virtual ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(offset, destination.Span));
    }

    /// <summary>A read-only, seekable stream over the file; disposing it leaves the file open.</summary>
    public Stream OpenStream() => new OpenedFileStream(this);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
