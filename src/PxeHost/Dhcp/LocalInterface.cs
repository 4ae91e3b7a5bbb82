using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PxeHost.Dhcp;

/// <summary>A network interface the service listens on: its name, index, first IPv4 address and subnet.</summary>
public sealed record LocalInterface(string Name, int Index, IPAddress Address, int PrefixLength, PhysicalAddress Mac)
{
    public bool Contains(IPAddress address) =>
        (Ipv4.ToUInt32(address) & Ipv4.MaskOf(PrefixLength)) == (Ipv4.ToUInt32(Address) & Ipv4.MaskOf(PrefixLength));

    /// <summary>Finds the interface by name; the error names what is wrong (missing, down, no IPv4 address).</summary>
    public static LocalInterface Find(string name, out string? error)
    {
        var found = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(i => i.Name == name);
        error = null;
        if (found is null)
        {
            var names = string.Join(", ", NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name));
            error = $"no interface named '{name}' (this machine has: {names})";
            return null!;
        }

        var properties = found.GetIPProperties();
        var ipv4 = properties.UnicastAddresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork);
        if (ipv4 is null)
        {
            error = $"interface '{name}' has no IPv4 address: give it one (ip addr add ADDRESS/PREFIX dev {name})";
            return null!;
        }

        return new LocalInterface(name, properties.GetIPv4Properties().Index, ipv4.Address, ipv4.PrefixLength, found.GetPhysicalAddress());
    }
}
