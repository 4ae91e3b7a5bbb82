using System.Collections.Concurrent;
using PxeHost.Events;
using PxeHost.Files;

namespace PxeHost.Tftp;

/// <summary>
/// Keeps recently served files in memory so that 200 clients pulling one initrd read it from disk
/// once. An entry is keyed by path, size and modification time (the file's <see cref="FileStamp"/>),
/// so an edited file is read again. Content without a stamp is already in memory and passes through;
/// files above a size limit are not cached; least recently used entries leave when over budget.
/// Loads and hits are counted on <paramref name="metrics"/>.
/// </summary>
public sealed class FileContentCache(long budgetBytes, long maxFileBytes, TimeProvider time, PxeHostMetrics metrics)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _cachedBytes;

    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>
    /// Returns what to serve for an opened file: the file itself when it is not cached, or its shared
    /// bytes in memory. Opening it proved the server may read it; when shared bytes are returned the
    /// file is disposed here (after loading it, when this request is the first).
    /// </summary>
    public async ValueTask<OpenedFile> OpenAsync(OpenedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Stamp is not { } stamp || stamp.Length > maxFileBytes || stamp.Length > budgetBytes)
        {
            return file;
        }

        var (name, source) = (file.DisplayName, file.Source);
        var entry = GetOrAddEntry(stamp, file, out var added);
        if (!added)
        {
            file.Dispose();
            metrics.TftpCacheHit();
        }

        entry.LastUse = time.GetTimestamp();
        try
        {
            return new MemoryFile(await entry.Bytes.Value.WaitAsync(cancellationToken).ConfigureAwait(false), name, source, stamp);
        }
        catch (Exception) when (entry.Bytes.Value.IsFaulted)
        {
            // A failed load (EIO, a file that shrank) must not stay: the next request reads the
            // file again, and the bytes it was counted for go back to the budget.
            if (_entries.TryRemove(new KeyValuePair<string, Entry>(stamp.Path, entry)))
            {
                Interlocked.Add(ref _cachedBytes, -stamp.Length);
            }

            throw;
        }
    }

    private Entry GetOrAddEntry(FileStamp stamp, OpenedFile file, out bool added)
    {
        while (true)
        {
            if (_entries.TryGetValue(stamp.Path, out var existing))
            {
                if (existing.Stamp == stamp)
                {
                    added = false;
                    return existing;
                }

                if (_entries.TryRemove(new KeyValuePair<string, Entry>(stamp.Path, existing)))
                {
                    Interlocked.Add(ref _cachedBytes, -existing.Stamp.Length);
                }

                continue;
            }

            var entry = new Entry(stamp, new Lazy<Task<byte[]>>(() => LoadAsync(file, stamp.Length)));
            if (_entries.TryAdd(stamp.Path, entry))
            {
                added = true;
                Interlocked.Add(ref _cachedBytes, stamp.Length);
                EvictOverBudget(stamp.Path);
                return entry;
            }
        }
    }

    private async Task<byte[]> LoadAsync(OpenedFile file, long length)
    {
        using (file)
        {
            metrics.TftpCacheLoaded();
            var bytes = new byte[length];
            var read = await file.ReadAsync(0, bytes, CancellationToken.None).ConfigureAwait(false);
            if (read < length)
            {
                throw new IOException("The file shrank while it was being read.");
            }

            return bytes;
        }
    }

    private void EvictOverBudget(string keep)
    {
        while (Interlocked.Read(ref _cachedBytes) > budgetBytes)
        {
            var oldest = _entries.Where(e => e.Key != keep).OrderBy(e => e.Value.LastUse).FirstOrDefault();
            if (oldest.Value is null)
            {
                return;
            }

            if (_entries.TryRemove(oldest))
            {
                Interlocked.Add(ref _cachedBytes, -oldest.Value.Stamp.Length);
            }
        }
    }

    private sealed class Entry(FileStamp stamp, Lazy<Task<byte[]>> bytes)
    {
        public FileStamp Stamp { get; } = stamp;

        public Lazy<Task<byte[]>> Bytes { get; } = bytes;

        public long LastUse { get; set; }
    }
}
