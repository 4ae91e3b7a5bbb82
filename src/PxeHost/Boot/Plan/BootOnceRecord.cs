using System.Collections.Immutable;
using System.Net.NetworkInformation;

namespace PxeHost.Boot.Plan;

/// <summary>
/// Machines marked <c>once: true</c> that have booted their plan: from then on they boot the local
/// disk (an installer runs once). Kept in <c>DATA-DIR/boot-once.txt</c>, one MAC per line; delete a
/// line (or the file) to boot that machine's plan again — the file is read again whenever it changes,
/// so that takes effect without a restart.
/// </summary>
public sealed class BootOnceRecord
{
    private readonly string? _file;
    private readonly Events.BootEventStream? _events;
    private readonly Lock _gate = new();
    private volatile Snapshot _snapshot = new(ImmutableHashSet<string>.Empty, null);

    /// <param name="file">The record; null keeps it in memory only.</param>
    /// <param name="events">Where each use is published as <see cref="Events.BootOnceUsed"/>; none when null.</param>
    public BootOnceRecord(string? file, Events.BootEventStream? events = null)
    {
        _file = file;
        _events = events;
        Refresh();
    }

    public bool HasBooted(PhysicalAddress mac)
    {
        Refresh();
        return _snapshot.Booted.Contains(Key(mac));
    }

    /// <summary>Records that the machine booted its plan (<paramref name="profile"/>: what it booted); returns false when it was recorded already.</summary>
    public bool MarkBooted(PhysicalAddress mac, string? profile = null)
    {
        var key = Key(mac);
        lock (_gate)
        {
            Refresh();
            if (_snapshot.Booted.Contains(key))
            {
                return false;
            }

            if (_file is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_file))!);
                File.AppendAllText(_file, key + "\n");
            }

            _snapshot = new Snapshot(_snapshot.Booted.Add(key), Stamp());
        }

        _events?.Publish(new Events.BootOnceUsed { Mac = mac, Profile = profile });
        return true;
    }

    /// <summary>Forgets that the machine booted its plan (it boots it once more); false when it had not.</summary>
    public bool Forget(PhysicalAddress mac)
    {
        var key = Key(mac);
        lock (_gate)
        {
            Refresh();
            if (!_snapshot.Booted.Contains(key))
            {
                return false;
            }

            var booted = _snapshot.Booted.Remove(key);
            if (_file is not null)
            {
                // Renamed over the record: a crash leaves the old list or the new one.
                var temporary = _file + ".new";
                File.WriteAllLines(temporary, booted.Order(StringComparer.Ordinal));
                File.Move(temporary, _file, overwrite: true);
            }

            _snapshot = new Snapshot(booted, Stamp());
        }

        return true;
    }

    /// <summary>Reads the file again when its size or modification time differs from the last read.</summary>
    private void Refresh()
    {
        if (_file is null)
        {
            return;
        }

        var stamp = Stamp();
        if (stamp == _snapshot.Stamp)
        {
            return;
        }

        lock (_gate)
        {
            stamp = Stamp();
            if (stamp == _snapshot.Stamp)
            {
                return;
            }

            var booted = stamp is null
                ? ImmutableHashSet<string>.Empty
                : File.ReadAllLines(_file).Select(l => l.Trim()).Where(l => l.Length > 0).ToImmutableHashSet(StringComparer.Ordinal);
            _snapshot = new Snapshot(booted, stamp);
        }
    }

    private (long Length, DateTime Modified)? Stamp()
    {
        if (_file is null)
        {
            return null;
        }

        var info = new FileInfo(_file);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
    }

    private static string Key(PhysicalAddress mac) => Storage.MacAddressText.Format(mac);

    private sealed record Snapshot(ImmutableHashSet<string> Booted, (long Length, DateTime Modified)? Stamp);
}
