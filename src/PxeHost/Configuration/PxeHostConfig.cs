using PxeHost.Dhcp;

namespace PxeHost.Configuration;

/// <summary>
/// pxehost.yaml: where to serve (checked at start) and what machines boot (reloaded while running).
/// Settings given on the command line win over the file's.
/// </summary>
public sealed record PxeHostConfig
{
    public required string File { get; init; }

    public IReadOnlyList<string> Interfaces { get; init; } = [];

    public DhcpMode? Mode => Dhcp.Mode?.Value;

    public string? TftpRoot { get; init; }

    public int? HttpPort { get; init; }

    /// <summary>Mode, ranges, options and the machines' fixed addresses, each with its line.</summary>
    public DhcpSettings Dhcp { get; init; } = DhcpSettings.None;

    public required BootPlanSet Plan { get; init; }

    /// <summary>Every kernel and initrd the profiles name, each with its line: what is looked for before the plan serves.</summary>
    public IReadOnlyList<PlanFileReference> Files { get; init; } = [];

    /// <summary>The text's hash when read from a file (<see cref="ConfigLoader.ContentHash"/>); what a watcher compares.</summary>
    public string? ContentHash { get; init; }
}
