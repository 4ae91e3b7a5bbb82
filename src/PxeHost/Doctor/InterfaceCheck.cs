using System.Globalization;
using System.Net.NetworkInformation;
using PxeHost.Dhcp;

namespace PxeHost.Doctor;

/// <summary>
/// Check 2: each named interface exists, is up and has an IPv4 address — what the DHCP sockets bind to
/// and what answers name as the server. "Up" is the administrative flag (IFF_UP in sysfs's flags): a
/// link without carrier (no cable, a bridge with no port yet) only warns, as it may come up later.
/// </summary>
public sealed class InterfaceCheck
{
    private const int InterfaceUp = 0x1;
    private readonly string _sysClassNet;

    /// <param name="sysClassNet">Where the kernel lists interfaces (/sys/class/net).</param>
    public InterfaceCheck(string sysClassNet = "/sys/class/net") => _sysClassNet = sysClassNet;

    /// <summary>The findings, and the interfaces usable for DHCP (found, up, with an address).</summary>
    public (IReadOnlyList<DoctorFinding> Findings, IReadOnlyList<LocalInterface> Usable) Check(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var findings = new List<DoctorFinding>();
        var usable = new List<LocalInterface>();
        var all = NetworkInterface.GetAllNetworkInterfaces();
        foreach (var name in names)
        {
            if (all.FirstOrDefault(i => i.Name == name) is null)
            {
                findings.Add(DoctorFinding.Blocks($"interface {name} does not exist (this machine has: {Describe(all)})", "name one of those with --interface (or interfaces: in the config)"));
                continue;
            }

            if (!IsUp(name))
            {
                findings.Add(DoctorFinding.Blocks($"interface {name} is down", $"ip link set {name} up"));
                continue;
            }

            var link = LocalInterface.Find(name, out var error);
            if (error is not null)
            {
                findings.Add(DoctorFinding.Blocks($"interface {name} has no IPv4 address", $"ip addr add ADDRESS/PREFIX dev {name}"));
                continue;
            }

            usable.Add(link);
            findings.Add(!HasCarrier(name)
                ? DoctorFinding.Warns($"interface {name} ({link.Address}/{link.PrefixLength}) is up but has no carrier", $"connect its cable (or, for a bridge, add a port: ip link set PORT master {name})")
                : DoctorFinding.Ok($"interface {name} is up with {link.Address}/{link.PrefixLength}"));
        }

        return (findings, usable);
    }

    private bool IsUp(string name)
    {
        var text = File.ReadAllText(Path.Combine(_sysClassNet, name, "flags")).Trim();
        return (int.Parse(text.AsSpan(text.StartsWith("0x", StringComparison.Ordinal) ? 2 : 0), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & InterfaceUp) != 0;
    }

    /// <summary>Whether the link is not known to be down (operstate "down": no cable, a bridge with no forwarding port); "unknown" (loopback, tun) counts as up.</summary>
    public bool HasCarrier(string name) => File.ReadAllText(Path.Combine(_sysClassNet, name, "operstate")).Trim() != "down";

    private static string Describe(NetworkInterface[] all) => string.Join(", ", all.Select(i =>
    {
        var ipv4 = i.GetIPProperties().UnicastAddresses.FirstOrDefault(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        return ipv4 is null ? i.Name : $"{i.Name} {ipv4.Address}/{ipv4.PrefixLength}";
    }));
}
