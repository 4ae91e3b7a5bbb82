using System.Collections.Concurrent;
using System.Net.NetworkInformation;
using PxeHost.Events;

namespace PxeHost.Boot.Plan;

/// <summary>
/// Machines marked <c>once: true</c> that have been handed their plan: from then on they boot the
/// local disk (an installer runs once). Kept in <c>DATA-DIR/boot-once.txt</c>, one MAC per line;
/// delete a line (or the file) to boot that machine's plan again.
/// </summary>
public sealed class BootOnceRecord
{
    private readonly ConcurrentDictionary<string, byte> _booted = new(StringComparer.Ordinal);
    private readonly string? _file;
    private readonly Lock _gate = new();

    private readonly BootEventStream? _events;

    /// <summary>A record kept in <paramref name="file"/> (in memory only when null) that publishes each first use on <paramref name="events"/>.</summary>
    public BootOnceRecord(string? file, BootEventStream? events = null)
    {
        _file = file;
        _events = events;
        if (file is not null && File.Exists(file))
        {
            foreach (var line in File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                _booted[line] = 0;
            }
        }
    }

    public bool HasBooted(PhysicalAddress mac) => _booted.ContainsKey(Key(mac));

    /// <summary>Records that the machine got its plan (<paramref name="profile"/>: what it booted); returns false when it was recorded already.</summary>
    public bool MarkBooted(PhysicalAddress mac, string? profile = null)
    {
        var key = Key(mac);
        if (!_booted.TryAdd(key, 0))
        {
            return false;
        }

        if (_file is not null)
        {
            lock (_gate)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_file))!);
                File.AppendAllText(_file, key + "\n");
            }
        }

        _events?.Publish(new BootOnceUsed { Mac = mac, Profile = profile });
        return true;
    }

    private static string Key(PhysicalAddress mac) => Storage.MacAddressText.Format(mac);
}
