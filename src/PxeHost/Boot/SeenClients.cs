using System.Net.NetworkInformation;

namespace PxeHost.Boot;

/// <summary>
/// The last DHCP request of each client, by MAC: what a loader's later TFTP or HTTP request does not
/// say — the firmware's architecture (GRUB asks for the same grub.cfg on BIOS and UEFI) and its UUID.
/// Bounded (<see cref="Events.BoundedMap{TKey, TValue}"/>): past its capacity half of it is forgotten.
/// </summary>
public sealed class SeenClients(int capacity = 65536)
{
    private readonly Events.BoundedMap<PhysicalAddress, BootClient> _clients = new(capacity);

    public void Record(BootClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Mac.GetAddressBytes().Length > 0)
        {
            _clients.Set(client.Mac, client);
        }
    }

    public BootClient? Find(PhysicalAddress mac) => mac is null ? null : _clients.GetValueOrDefault(mac);

    /// <summary>The client that last sent this UUID (option 97).</summary>
    public BootClient? FindByUuid(Guid uuid) => _clients.Values.FirstOrDefault(c => c.Uuid == uuid);
}
