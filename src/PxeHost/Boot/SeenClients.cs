using System.Collections.Concurrent;
using System.Net.NetworkInformation;

namespace PxeHost.Boot;

/// <summary>
/// The last DHCP request of each client, by MAC: what a loader's later TFTP or HTTP request does not
/// say — the firmware's architecture (GRUB asks for the same grub.cfg on BIOS and UEFI) and its UUID.
/// Bounded: the oldest half is dropped when it grows past its capacity.
/// </summary>
public sealed class SeenClients(int capacity = 65536)
{
    private readonly ConcurrentDictionary<PhysicalAddress, BootClient> _clients = new();

    public void Record(BootClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Mac.GetAddressBytes().Length == 0)
        {
            return;
        }

        if (_clients.Count >= capacity)
        {
            foreach (var key in _clients.Keys.Take(capacity / 2).ToList())
            {
                _clients.TryRemove(key, out _);
            }
        }

        _clients[client.Mac] = client;
    }

    public BootClient? Find(PhysicalAddress mac) => mac is null ? null : _clients.GetValueOrDefault(mac);

    /// <summary>The client that last sent this UUID (option 97).</summary>
    public BootClient? FindByUuid(Guid uuid) => _clients.Values.FirstOrDefault(c => c.Uuid == uuid);
}
