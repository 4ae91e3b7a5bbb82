namespace PxeHost.Doctor;

/// <summary>Check 1: each port the server will listen on is free, or held by whom, with the ways out.</summary>
public sealed class PortCheck(PortHolders holders)
{
    public IEnumerable<DoctorFinding> Check(IEnumerable<ListenPort> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        foreach (var port in ports)
        {
            var (bound, who) = holders.Find(port.Protocol, port.Port);
            if (!bound)
            {
                yield return DoctorFinding.Ok($"{port} is free");
                continue;
            }

            var holder = who.Count == 0 ? "a process this user cannot see (run doctor as root to name it)" : string.Join(", ", who);
            yield return DoctorFinding.Blocks($"{port} is held by {holder}", FixFor(port, who));
        }
    }

    private static string FixFor(ListenPort port, IReadOnlyList<PortHolder> who)
    {
        var stop = who.Count == 0 ? "stop the program holding it (ss -lunp / ss -ltnp)" : $"stop {string.Join(", ", who.Select(h => h.Name).Distinct(StringComparer.Ordinal))}";
        return port.Port switch
        {
            // A DHCP server on the same machine: proxyDHCP still needs 67, so it has to go; --proxy keeps its addresses.
            67 => $"{stop} (the network's DHCP server can stay elsewhere: then serve --proxy beside it)",
            _ when port.Flag is not null => $"{stop}, or choose another port with {port.Flag}",
            _ => stop,
        };
    }
}
