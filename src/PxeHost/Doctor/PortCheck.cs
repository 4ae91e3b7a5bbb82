using PxeHost.Unix;

namespace PxeHost.Doctor;

/// <summary>Check 1: each port the server will listen on is free, or held by whom, with the ways out.</summary>
public static class PortCheck
{
    public static IEnumerable<DoctorFinding> Check(IEnumerable<ListenPort> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        foreach (var port in ports)
        {
            var who = PortHolders.Find(port.Protocol, port.Port);
            yield return who.Count == 0
                ? DoctorFinding.Ok($"{port} is free")
                : DoctorFinding.Blocks($"{port} is held by {string.Join(", ", who)}", FixFor(port, who));
        }
    }

    private static string FixFor(ListenPort port, IReadOnlyList<PortHolder> who)
    {
        var names = who.Select(h => h.ProcessName).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var stop = names.Count == 0 ? "stop the program holding it (ss -lunp / ss -ltnp, as root)" : $"stop {string.Join(", ", names)}";
        return port.Port switch
        {
            // A DHCP server on the same machine: proxyDHCP still needs 67, so it has to go; --proxy keeps its addresses.
            67 => $"{stop} (the network's DHCP server can stay elsewhere: then serve --proxy beside it)",
            _ when port.Flag is not null => $"{stop}, or choose another port with {port.Flag}",
            _ => stop,
        };
    }
}
