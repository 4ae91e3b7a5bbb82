using System.Net;
using PxeHost.Dhcp;

namespace PxeHost.Configuration;

/// <summary>
/// The DHCP settings one source gives — the command line or pxehost.yaml — as typed values, each
/// with where it was given. <see cref="Over"/> lays the flags over the file's; <see cref="ScopeBuilder"/>
/// turns the result into scopes.
/// </summary>
public sealed record DhcpSettings
{
    public static DhcpSettings None { get; } = new();

    public Setting<DhcpMode>? Mode { get; init; }

    public IReadOnlyList<Setting<DhcpRange>> Ranges { get; init; } = [];

    public IReadOnlyList<Setting<DhcpReservation>> Reservations { get; init; } = [];

    public IReadOnlyList<Setting<IPAddress>> Routers { get; init; } = [];

    public IReadOnlyList<Setting<IPAddress>> DnsServers { get; init; } = [];

    public IReadOnlyList<Setting<IPAddress>> NtpServers { get; init; } = [];

    public Setting<int>? Mtu { get; init; }

    public Setting<string>? Domain { get; init; }

    public Setting<TimeSpan>? LeaseTime { get; init; }

    /// <summary>
    /// These settings (the flags') over <paramref name="file"/>'s: where both give a value or a list,
    /// the flag's wins; reservations from both are kept (and a MAC or address reserved in both is refused).
    /// </summary>
    public DhcpSettings Over(DhcpSettings? file) => file is null ? this : new DhcpSettings
    {
        Mode = Mode ?? file.Mode,
        Ranges = Ranges.Count > 0 ? Ranges : file.Ranges,
        Reservations = [.. Reservations, .. file.Reservations],
        Routers = Routers.Count > 0 ? Routers : file.Routers,
        DnsServers = DnsServers.Count > 0 ? DnsServers : file.DnsServers,
        NtpServers = NtpServers.Count > 0 ? NtpServers : file.NtpServers,
        Mtu = Mtu ?? file.Mtu,
        Domain = Domain ?? file.Domain,
        LeaseTime = LeaseTime ?? file.LeaseTime,
    };
}
