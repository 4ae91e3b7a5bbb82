using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace PxeHost.Tftp;

/// <summary>
/// Keeps recently served files in memory so that 200 clients pulling one initrd read it from disk
/// once. An entry is keyed by path, size and modification time, so an edited file is read again.
/// Files above a size limit are not cached; least recently used entries leave when over budget.
/// </summary>
public sealed class FileContentCache(long budgetBytes, long maxFileBytes, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _cachedBytes;
    private long _loads;
    private long _hits;

    /// <summary>Files read from disk into the cache.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>Opens served from memory already loaded (or being loaded) by another request.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>
    /// Returns the content of an opened file. The caller's handle proves the server may read it;
    /// it is owned by the returned content when not cached, and disposed here otherwise.
    /// </summary>
    public async ValueTask<FileContent> OpenAsync(string path, SafeFileHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var length = RandomAccess.GetLength(handle);
        if (length > maxFileBytes || length > budgetBytes)
        {
            return new DiskFileContent(handle, length);
        }

        var stamp = File.GetLastWriteTimeUtc(handle);
        var entry = GetOrAddEntry(path, length, stamp, handle, out var added);
        if (!added)
        {
            handle.Dispose();
            Interlocked.Increment(ref _hits);
        }

        entry.LastUse = time.GetTimestamp();
        try
        {
            return new MemoryFileContent(await entry.Bytes.Value.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (IOException)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(path, entry));
            throw;
        }
    }

    private Entry GetOrAddEntry(string path, long length, DateTime stamp, SafeFileHandle handle, out bool added)
    {
        while (true)
        {
            if (_entries.TryGetValue(path, out var existing))
            {
                if (existing.Length == length && existing.Stamp == stamp)
                {
                    added = false;
                    return existing;
                }

                if (_entries.TryRemove(new KeyValuePair<string, Entry>(path, existing)))
                {
                    Interlocked.Add(ref _cachedBytes, -existing.Length);
                }

                continue;
            }

            var entry = new Entry(length, stamp, new Lazy<Task<byte[]>>(() => LoadAsync(handle, length)));
            if (_entries.TryAdd(path, entry))
            {
                added = true;
                Interlocked.Add(ref _cachedBytes, length);
                EvictOverBudget(path);
                return entry;
            }
        }
    }

    private async Task<byte[]> LoadAsync(SafeFileHandle handle, long length)
    {
        using (handle)
        {
            Interlocked.Increment(ref _loads);
            var bytes = new byte[length];
            var total = 0;
            while (total < length)
            {
                var read = await RandomAccess.ReadAsync(handle, bytes.AsMemory(total), total).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The file shrank while it was being read.");
                }

                total += read;
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
                Interlocked.Add(ref _cachedBytes, -oldest.Value.Length);
            }
        }
    }

    private sealed class Entry(long length, DateTime stamp, Lazy<Task<byte[]>> bytes)
    {
        public long Length { get; } = length;

        public DateTime Stamp { get; } = stamp;

        public Lazy<Task<byte[]>> Bytes { get; } = bytes;

        public long LastUse { get; set; }
    }
}
