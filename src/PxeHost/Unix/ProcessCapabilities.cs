using System.Globalization;

namespace PxeHost.Unix;

/// <summary>
/// A set of Linux capabilities as /proc/PID/status shows it (CapEff, CapPrm, …: a hex bit mask),
/// named as capabilities(7) names them without the CAP_ prefix.
/// </summary>
public readonly record struct ProcessCapabilities(ulong Mask)
{
    public const int NetBindService = 10;
    public const int NetRaw = 13;

    // Bit order of linux/capability.h: 0 chown … 40 checkpoint_restore.
    private static readonly string[] Names =
    [
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap", "linux_immutable",
        "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace",
        "sys_pacct", "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
        "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
        "checkpoint_restore",
    ];

    /// <summary>The effective capabilities of this thread's process, from /proc/self/status.</summary>
    public static ProcessCapabilities Effective() => Read("/proc/self/status", "CapEff");

    /// <summary>The set <paramref name="field"/> (CapEff, CapPrm, CapAmb, …) of a status file; empty when it has none.</summary>
    public static ProcessCapabilities Read(string statusFile, string field)
    {
        foreach (var line in File.ReadLines(statusFile))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return new ProcessCapabilities(ulong.Parse(line.AsSpan(field.Length + 1).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return default;
    }

    public bool Has(int capability) => (Mask & (1UL << capability)) != 0;

    /// <summary>"net_bind_service, net_raw"; "none"; "all" when every capability this build names is held.</summary>
    public override string ToString()
    {
        var mask = Mask;
        var known = Enumerable.Range(0, Names.Length).Where(bit => (mask & (1UL << bit)) != 0).ToList();
        return known.Count == 0 ? "none"
            : known.Count == Names.Length ? "all"
            : string.Join(", ", known.Select(bit => Names[bit]));
    }
}
