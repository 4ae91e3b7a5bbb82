using System.Globalization;

namespace PxeHost.Doctor;

/// <summary>
/// Check 8: a bridge running STP holds a new port (a machine that just powered on, a VM's tap) in
/// listening and learning for twice its forward delay (15 s by default, so 30 s) before it forwards.
/// Every stage that resets the NIC (the firmware, then iPXE, then the installer's kernel) waits that
/// long again, and firmware retries DHCP for a limited time: the classic "PXE-E51: No DHCP or
/// proxyDHCP offers" behind a bridge or switch port without portfast.
/// </summary>
public sealed class BridgeCheck
{
    /// <summary>Forward delays above this (seconds) outlast the firmware's first DISCOVERs.</summary>
    private const double LongestHarmlessDelay = 4;
    private readonly string _sysClassNet;

    /// <param name="sysClassNet">Where the kernel lists interfaces (/sys/class/net).</param>
    public BridgeCheck(string sysClassNet = "/sys/class/net") => _sysClassNet = sysClassNet;

    /// <summary>A finding for <paramref name="name"/> when it is a bridge; none otherwise.</summary>
    public DoctorFinding? Check(string name)
    {
        var bridge = Path.Combine(_sysClassNet, name, "bridge");
        if (!Directory.Exists(bridge))
        {
            return null;
        }

        var stp = Read(bridge, "stp_state");
        // forward_delay is in hundredths of a second (USER_HZ as the kernel shows it in sysfs).
        var delay = Read(bridge, "forward_delay") / 100.0;
        if (stp == 0 || delay <= LongestHarmlessDelay)
        {
            return DoctorFinding.Ok($"bridge {name}: STP {(stp == 0 ? "off" : "on")}, forward delay {delay:0.#} s");
        }

        return DoctorFinding.Warns(
            $"bridge {name} runs STP with a forward delay of {delay:0.#} s: a new port forwards only after {2 * delay:0.#} s, and PXE firmware times out before that",
            $"ip link set {name} type bridge stp_state 0 (or forward_delay 0; on a physical switch, portfast / edge port)");
    }

    private static int Read(string bridge, string file) =>
        int.Parse(File.ReadAllText(Path.Combine(bridge, file)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
