using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;

namespace PxeHost.Doctor;

/// <summary>
/// Check 3: who else answers DHCP on the link (<see cref="DhcpServerProbe"/>: one DISCOVER, no address
/// taken). Full DHCP beside another server hands out conflicting addresses, so that blocks; proxyDHCP
/// gives no addresses and needs the other server, so finding none warns.
/// </summary>
public sealed class OtherDhcpServerCheck(int clientPort, int serverPort, TimeSpan timeout, ILogger logger)
{
    public async Task<DoctorFinding> CheckAsync(LocalInterface link, DhcpMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var others = await DhcpServerProbe.FindOtherServersAsync(link, clientPort, serverPort, timeout, logger, cancellationToken).ConfigureAwait(false);
        var waited = $"{timeout.TotalSeconds:0.#} s";
        return (mode, others.Count) switch
        {
            (DhcpMode.Full, > 0) => DoctorFinding.Blocks(
                $"another DHCP server answers on {link.Name}: {string.Join(", ", others)}",
                "use --proxy to add network boot beside it (or turn it off, or --force if you really mean two servers)"),
            (DhcpMode.Full, _) => DoctorFinding.Ok($"no other DHCP server answered on {link.Name} within {waited}"),
            (_, 0) => DoctorFinding.Warns(
                $"no DHCP server answered on {link.Name} within {waited}",
                "proxyDHCP needs a DHCP server on the segment to give addresses: start one, or serve full DHCP with --dhcp-range"),
            _ => DoctorFinding.Ok($"DHCP server on {link.Name} for proxyDHCP to stand beside: {string.Join(", ", others)}"),
        };
    }
}
