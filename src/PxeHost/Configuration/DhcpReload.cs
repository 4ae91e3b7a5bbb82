using PxeHost.Dhcp;

namespace PxeHost.Configuration;

/// <summary>
/// The DHCP half of a reload. The scopes are rebuilt from the flags and the edited file exactly as a
/// start would build them, so an edit that could not start is refused whole; what may change while
/// serving (reservations, options, lease time) goes to the DHCP service, and what needs the sockets
/// or the pools rebuilt (mode, ranges) is named as waiting for a restart.
/// </summary>
public sealed class DhcpReload(DhcpSettings flags, IReadOnlyList<LocalInterface> links, DhcpServerOptions started, ILiveDhcpSettings target)
{
    private IReadOnlyList<DhcpScope> _running = (started ?? throw new ArgumentNullException(nameof(started))).Scopes;

    /// <summary>The scopes the DHCP service decides with now.</summary>
    public IReadOnlyList<DhcpScope> Running => _running;

    /// <summary>What the edited file changes; null (and the reasons in <paramref name="errors"/>) when it would not start.</summary>
    public DhcpChange? Prepare(PxeHostConfig config, List<SettingError> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        var settings = (flags ?? DhcpSettings.None).Over(config.Dhcp);
        var before = errors.Count;
        var rebuilt = ScopeBuilder.Build(settings, links, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var restart = new List<string>();
        if ((settings.Mode?.Value ?? DhcpMode.Full) != started.Mode)
        {
            restart.Add("mode");
        }

        if (!Pools(rebuilt).SequenceEqual(Pools(_running), StringComparer.Ordinal))
        {
            restart.Add("dhcp.ranges");
        }

        // Subnets and pools stay as started; a reservation in a subnet not served yet waits for the restart the ranges need.
        var live = _running.Select(s => ScopeBuilder.WithOptions(s, settings) with
        {
            Reservations = [.. rebuilt.SelectMany(r => r.Reservations).Where(r => s.Contains(r.Address))],
        }).ToList();
        return new DhcpChange(live, restart, Changed(_running, live));
    }

    /// <summary>Hands the change's scopes to the DHCP service when anything in them changed.</summary>
    public void Commit(DhcpChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Applied.Count > 0)
        {
            target.Apply(change.Scopes);
            _running = change.Scopes;
        }
    }

    private static IEnumerable<string> Pools(IEnumerable<DhcpScope> scopes) => scopes.Select(s => s.ToString()).Order(StringComparer.Ordinal);

    private static List<string> Changed(IReadOnlyList<DhcpScope> before, IReadOnlyList<DhcpScope> after)
    {
        var changed = new List<string>();
        void Check(string key, Func<DhcpScope, DhcpScope, bool> same)
        {
            if (before.Zip(after).Any(pair => !same(pair.First, pair.Second)))
            {
                changed.Add(key);
            }
        }

        Check("reservations", (a, b) => a.Reservations.ToHashSet().SetEquals(b.Reservations));
        Check("router", (a, b) => a.Routers.SequenceEqual(b.Routers));
        Check("dns", (a, b) => a.DnsServers.SequenceEqual(b.DnsServers));
        Check("ntp", (a, b) => a.NtpServers.SequenceEqual(b.NtpServers));
        Check("mtu", (a, b) => a.Mtu == b.Mtu);
        Check("domain", (a, b) => a.DomainName == b.DomainName);
        Check("lease-time", (a, b) => a.LeaseTime == b.LeaseTime);
        return changed;
    }
}
