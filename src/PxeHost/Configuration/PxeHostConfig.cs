using System.Net;
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

    public DhcpMode? Mode { get; init; }

    public string? TftpRoot { get; init; }

    public int? HttpPort { get; init; }

    public IReadOnlyList<string> DhcpRanges { get; init; } = [];

    public IReadOnlyList<IPAddress> Routers { get; init; } = [];

    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    public IReadOnlyList<IPAddress> NtpServers { get; init; } = [];

    public int? Mtu { get; init; }

    public string? Domain { get; init; }

    public int? LeaseTimeSeconds { get; init; }

    public required BootPlanSet Plan { get; init; }
}
