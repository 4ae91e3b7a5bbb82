using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Cli;

/// <summary>
/// The options <c>serve</c> and <c>boot</c> share — where to listen and how to hand out addresses —
/// and their translation into the library's options, collecting every problem as (key, reason).
/// </summary>
internal sealed class NetworkBootOptions
{
    public Option<string[]> Interfaces { get; } = new("--interface") { Description = "Interface to serve DHCP/proxyDHCP on (repeatable).", AllowMultipleArgumentsPerToken = false };

    public Option<bool> Proxy { get; } = new("--proxy") { Description = "proxyDHCP beside the network's own DHCP server: boot information only, never an address." };

    public Option<string[]> Ranges { get; } = new("--dhcp-range") { Description = "Full DHCP pool FIRST-LAST, or FIRST-LAST/PREFIX for a relayed subnet (repeatable)." };

    public Option<int> HttpPort { get; } = new("--http-port") { Description = "HTTP port for iPXE scripts, kernels and HTTP Boot.", DefaultValueFactory = _ => 80 };

    public Option<string> DataDir { get; } = new("--data-dir") { Description = "Where leases are stored.", DefaultValueFactory = _ => "/var/lib/pxehost" };

    public Option<string[]> Routers { get; } = new("--router") { Description = "Default gateway for DHCP clients (option 3; repeatable). Relayed subnets default to the relay." };

    public Option<string[]> Dns { get; } = new("--dns") { Description = "DNS server for DHCP clients (option 6; repeatable)." };

    public Option<string[]> Ntp { get; } = new("--ntp") { Description = "NTP server for DHCP clients (option 42; repeatable)." };

    public Option<int?> Mtu { get; } = new("--mtu") { Description = "Interface MTU for DHCP clients (option 26, 68-65535)." };

    public Option<string?> Domain { get; } = new("--domain") { Description = "Domain name for DHCP clients (option 15)." };

    public Option<int> LeaseTime { get; } = new("--lease-time") { Description = "Lease time in seconds.", DefaultValueFactory = _ => 3600 };

    public Option<string[]> Reservations { get; } = new("--reserve") { Description = "Fixed address MAC=ADDRESS[,HOSTNAME] (repeatable)." };

    public Option<bool> Force { get; } = new("--force") { Description = "Serve full DHCP even when another DHCP server answers on the interface." };

    public Option<int> ProbeMs { get; } = new("--probe-timeout") { Description = "Milliseconds to listen for another DHCP server before serving full DHCP (0: no probe).", DefaultValueFactory = _ => 4000 };

    public Option<LeaseDurability> Durability { get; } = new("--lease-durability") { Description = "Process (survives kill -9) or PowerLoss (fsync per commit).", DefaultValueFactory = _ => LeaseDurability.Process };

    public IEnumerable<Option> All => [Interfaces, Proxy, Ranges, HttpPort, DataDir, Routers, Dns, Ntp, Mtu, Domain, LeaseTime, Reservations, Force, ProbeMs, Durability];

    public DhcpServerOptions? ToDhcpOptions(ParseResult parse, List<(string Key, string Reason)> problems, out IReadOnlyList<LocalInterface> links, PxeHostConfig? config = null)
    {
        var names = parse.GetValue(Interfaces) is { Length: > 0 } given ? given : config?.Interfaces.ToArray() ?? [];
        var found = new List<LocalInterface>();
        links = found;
        foreach (var name in names)
        {
            var link = LocalInterface.Find(name, out var error);
            if (error is null)
            {
                found.Add(link);
            }
            else
            {
                problems.Add(("interface", error));
            }
        }

        var proxy = parse.GetValue(Proxy) || config?.Mode == DhcpMode.Proxy;
        var ranges = parse.GetValue(Ranges) is { Length: > 0 } cliRanges ? cliRanges : config?.DhcpRanges.ToArray() ?? [];
        if (names.Length == 0)
        {
            problems.Add(("interface", "is required: the interface whose clients boot from this server"));
        }

        if (proxy == (ranges.Length > 0))
        {
            problems.Add(proxy ? ("proxy", "--proxy and --dhcp-range exclude each other: a proxy never gives addresses")
                : ("dhcp-range", "give a pool (--dhcp-range FIRST-LAST) to serve full DHCP, or --proxy to boot beside the network's own DHCP server"));
        }

        var common = CommonScope(parse, problems);
        if (config is not null)
        {
            common = common with
            {
                Routers = common.Routers.Count > 0 ? common.Routers : config.Routers,
                DnsServers = common.DnsServers.Count > 0 ? common.DnsServers : config.DnsServers,
                NtpServers = common.NtpServers.Count > 0 ? common.NtpServers : config.NtpServers,
                Mtu = common.Mtu ?? config.Mtu,
                DomainName = common.DomainName ?? config.Domain,
                LeaseTime = parse.GetResult(LeaseTime) is { Implicit: false } || config.LeaseTimeSeconds is null ? common.LeaseTime : TimeSpan.FromSeconds(config.LeaseTimeSeconds.Value),
            };
        }

        var scopes = new List<DhcpScope>();
        foreach (var text in ranges)
        {
            if (ParseRange(text, found, common, out var scope) is { } error)
            {
                problems.Add(("dhcp-range", error));
            }
            else
            {
                scopes.Add(scope!);
            }
        }

        AddReservations(parse, scopes, problems);
        foreach (var machine in config?.Plan.Machines.Where(m => m.Mac is not null && m.Address is not null) ?? [])
        {
            var index = scopes.FindIndex(s => s.Contains(machine.Address!));
            if (index >= 0)
            {
                var reservation = new DhcpReservation(machine.Mac!, machine.Address!, machine.Hostname);
                scopes[index] = scopes[index] with { Reservations = [.. scopes[index].Reservations, reservation] };
            }
            else if (!proxy)
            {
                problems.Add(("config", $"{config!.File}:{machine.Line}: machines: address {machine.Address} is in no DHCP range's subnet"));
            }
        }

        if (parse.GetValue(LeaseTime) < 60)
        {
            problems.Add(("lease-time", $"{parse.GetValue(LeaseTime)} s is below 60 s"));
        }

        return new DhcpServerOptions
        {
            Mode = proxy ? DhcpMode.Proxy : DhcpMode.Full,
            Interfaces = names,
            Scopes = scopes,
            DataDirectory = parse.GetValue(DataDir)!,
            Durability = parse.GetValue(Durability),
            ProbeForOtherServers = parse.GetValue(ProbeMs) > 0,
            ProbeTimeout = TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(ProbeMs))),
            Force = parse.GetValue(Force),
        };
    }

    private DhcpScope CommonScope(ParseResult parse, List<(string, string)> problems) => new()
    {
        Network = IPAddress.Any,
        PrefixLength = 0,
        RangeStart = IPAddress.Any,
        RangeEnd = IPAddress.Any,
        Routers = Addresses(parse.GetValue(Routers), "router", problems),
        DnsServers = Addresses(parse.GetValue(Dns), "dns", problems),
        NtpServers = Addresses(parse.GetValue(Ntp), "ntp", problems),
        Mtu = parse.GetValue(Mtu) is { } mtu && (mtu < 68 || mtu > 65535) ? Invalid(problems, "mtu", $"{mtu} is outside 68-65535") : parse.GetValue(Mtu),
        DomainName = parse.GetValue(Domain),
        LeaseTime = TimeSpan.FromSeconds(parse.GetValue(LeaseTime)),
    };

    /// <summary>"FIRST-LAST" on an interface's subnet, or "FIRST-LAST/PREFIX" for any subnet (relayed).</summary>
    private static string? ParseRange(string text, IReadOnlyList<LocalInterface> links, DhcpScope common, out DhcpScope? scope)
    {
        scope = null;
        var slash = text.Split('/');
        var bounds = slash[0].Split('-');
        if (bounds.Length != 2 || !Ipv4.TryParse(bounds[0], out var first) || !Ipv4.TryParse(bounds[1], out var last))
        {
            return $"'{text}' is not FIRST-LAST or FIRST-LAST/PREFIX (e.g. 10.0.0.100-10.0.0.200)";
        }

        var onLink = links.FirstOrDefault(l => l.Contains(first!));
        int prefix;
        if (slash.Length == 2)
        {
            if (!int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix is < 8 or > 30)
            {
                return $"'{text}': the prefix must be 8-30";
            }
        }
        else if (onLink is not null)
        {
            prefix = onLink.PrefixLength;
        }
        else
        {
            return $"'{text}' is on no --interface's subnet: for a relayed subnet say its prefix, e.g. {slash[0]}/24";
        }

        var mask = Ipv4.MaskOf(prefix);
        var network = Ipv4.ToUInt32(first!) & mask;
        if ((Ipv4.ToUInt32(last!) & mask) != network || Ipv4.ToUInt32(last!) < Ipv4.ToUInt32(first!))
        {
            return $"'{text}': FIRST and LAST must be in one /{prefix} subnet, FIRST <= LAST";
        }

        scope = common with { Network = Ipv4.ToAddress(network), PrefixLength = prefix, RangeStart = first!, RangeEnd = last! };
        if (onLink is not null && scope.Contains(onLink.Address) && scope.InPool(Ipv4.ToUInt32(onLink.Address)))
        {
            return $"'{text}' contains this server's own address {onLink.Address}";
        }

        return null;
    }

    private void AddReservations(ParseResult parse, List<DhcpScope> scopes, List<(string, string)> problems)
    {
        foreach (var text in parse.GetValue(Reservations) ?? [])
        {
            var parts = text.Split('=', 2);
            var target = parts.Length == 2 ? parts[1].Split(',', 2) : [];
            if (parts.Length != 2 || !PhysicalAddress.TryParse(parts[0].Replace(':', '-'), out var mac) || mac.GetAddressBytes().Length != 6
                || !Ipv4.TryParse(target[0], out var address))
            {
                problems.Add(("reserve", $"'{text}' is not MAC=ADDRESS[,HOSTNAME] (e.g. 52:54:00:12:34:56=10.0.0.50,web1)"));
                continue;
            }

            var index = scopes.FindIndex(s => s.Contains(address!));
            if (index < 0)
            {
                problems.Add(("reserve", $"'{text}': {address} is in no --dhcp-range's subnet"));
                continue;
            }

            var reservation = new DhcpReservation(mac, address!, target.Length == 2 ? target[1] : null);
            scopes[index] = scopes[index] with { Reservations = [.. scopes[index].Reservations, reservation] };
        }
    }

    private static int? Invalid(List<(string, string)> problems, string key, string reason)
    {
        problems.Add((key, reason));
        return null;
    }

    private static IPAddress[] Addresses(string[]? texts, string key, List<(string, string)> problems)
    {
        var result = new List<IPAddress>();
        foreach (var text in texts ?? [])
        {
            if (Ipv4.TryParse(text, out var address))
            {
                result.Add(address!);
            }
            else
            {
                problems.Add((key, $"'{text}' is not an IPv4 address"));
            }
        }

        return [.. result];
    }
}
