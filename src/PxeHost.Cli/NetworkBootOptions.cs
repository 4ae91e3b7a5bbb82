using System.CommandLine;
using System.Net;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Cli;

/// <summary>
/// The options <c>serve</c> and <c>boot</c> share — where to listen and how to hand out addresses —
/// parsed into typed settings and handed, over pxehost.yaml's, to the library's <see cref="ScopeBuilder"/>;
/// every problem is collected as (key, reason).
/// </summary>
internal sealed class NetworkBootOptions
{
    public Option<string[]> Interfaces { get; } = new("--interface") { HelpName = "IF", Description = "Interface to serve DHCP/proxyDHCP on (repeatable).", AllowMultipleArgumentsPerToken = false };

    public Option<bool> Proxy { get; } = new("--proxy") { Description = "proxyDHCP beside the network's own DHCP server: boot information only, never an address. One of --proxy and --dhcp-range is required (serve: or --no-dhcp)." };

    public Option<string[]> Ranges { get; } = new("--dhcp-range") { HelpName = "FIRST-LAST", Description = "Full DHCP pool FIRST-LAST, or FIRST-LAST/PREFIX for a relayed subnet (repeatable). One of --dhcp-range and --proxy is required (serve: or --no-dhcp)." };

    public Option<int> HttpPort { get; } = new("--http-port") { HelpName = "PORT", Description = "HTTP port for iPXE scripts, kernels and HTTP Boot.", DefaultValueFactory = _ => 80 };

    public Option<string> DataDir { get; } = new("--data-dir") { HelpName = "DIR", Description = "Where leases are stored.", DefaultValueFactory = _ => "/var/lib/pxehost" };

    public Option<string[]> Routers { get; } = new("--router") { HelpName = "ADDRESS", Description = "Default gateway for DHCP clients (option 3; repeatable). Relayed subnets default to the relay." };

    public Option<string[]> Dns { get; } = new("--dns") { HelpName = "ADDRESS", Description = "DNS server for DHCP clients (option 6; repeatable)." };

    public Option<string[]> Ntp { get; } = new("--ntp") { HelpName = "ADDRESS", Description = "NTP server for DHCP clients (option 42; repeatable)." };

    public Option<int?> Mtu { get; } = new("--mtu") { HelpName = "BYTES", Description = "Interface MTU for DHCP clients (option 26, 68-65535)." };

    public Option<string?> Domain { get; } = new("--domain") { HelpName = "NAME", Description = "Domain name for DHCP clients (option 15)." };

    public Option<int> LeaseTime { get; } = new("--lease-time") { HelpName = "SECONDS", Description = "Lease time in seconds.", DefaultValueFactory = _ => 3600 };

    public Option<string[]> Reservations { get; } = new("--reserve") { HelpName = "MAC=ADDRESS[,HOSTNAME]", Description = "Fixed address MAC=ADDRESS[,HOSTNAME] (repeatable)." };

    public Option<bool> Force { get; } = new("--force") { Description = "Serve full DHCP even when another DHCP server answers on the interface." };

    public Option<int> ProbeMs { get; } = new("--probe-timeout") { HelpName = "MS", Description = "Milliseconds to listen for another DHCP server before serving full DHCP (0: no probe).", DefaultValueFactory = _ => 4000 };

    public Option<LeaseDurability> Durability { get; } = new("--lease-durability") { HelpName = "Process|PowerLoss", Description = "Process (survives kill -9) or PowerLoss (fsync per commit).", DefaultValueFactory = _ => LeaseDurability.Process };

    public IEnumerable<Option> All => [Interfaces, Proxy, Ranges, HttpPort, DataDir, Routers, Dns, Ntp, Mtu, Domain, LeaseTime, Reservations, Force, ProbeMs, Durability];

    /// <summary>
    /// The DHCP server these options (over <paramref name="config"/>'s) describe; <paramref name="filesOnly"/>
    /// says the command also takes --no-dhcp, so that the choice it requires names all its ways out.
    /// </summary>
    public DhcpServerOptions? ToDhcpOptions(ParseResult parse, List<(string Key, string Reason)> problems, out IReadOnlyList<LocalInterface> links, PxeHostConfig? config = null, bool filesOnly = false)
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

        if (names.Length == 0)
        {
            problems.Add(("interface", "is required: the interface whose clients boot from this server"));
        }

        var unparsed = problems.Count;
        var settings = Flags(parse, problems).Over(config?.Dhcp);
        var errors = new List<SettingError>();

        // A flag that does not parse is missing from the settings: checking them would only report its absence.
        var scopes = problems.Count > unparsed ? [] : ScopeBuilder.Build(settings, found, errors);
        var noChoice = filesOnly && settings.Mode is null && settings.Ranges.Count == 0;
        problems.AddRange(errors.Select(e => e.Origin.IsFlag
            ? (e.Origin.Key, noChoice && e.Origin.Key == "dhcp-range" ? e.Message + ", or --no-dhcp to serve files only (one of the three is required)" : e.Message)
            : ("config", e.ToString())));
        return new DhcpServerOptions
        {
            Mode = settings.Mode?.Value ?? DhcpMode.Full,
            Interfaces = names,
            Scopes = scopes,
            DataDirectory = parse.GetValue(DataDir)!,
            Durability = parse.GetValue(Durability),
            ProbeForOtherServers = parse.GetValue(ProbeMs) > 0,
            ProbeTimeout = TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(ProbeMs))),
            Force = parse.GetValue(Force),
        };
    }

    /// <summary>The DHCP settings the flags give, as typed values; what does not parse is a problem named by its flag.</summary>
    public DhcpSettings Flags(ParseResult parse, List<(string Key, string Reason)> problems)
    {
        var ranges = new List<Setting<DhcpRange>>();
        foreach (var text in parse.GetValue(Ranges) ?? [])
        {
            if (DhcpRange.TryParse(text, out var range, out var reason))
            {
                ranges.Add(new Setting<DhcpRange>(range!, SettingOrigin.Flag("dhcp-range")));
            }
            else
            {
                problems.Add(("dhcp-range", reason));
            }
        }

        return new DhcpSettings
        {
            Mode = parse.GetValue(Proxy) ? new Setting<DhcpMode>(DhcpMode.Proxy, SettingOrigin.Flag("proxy")) : null,
            Ranges = ranges,
            Reservations = ParseReservations(parse.GetValue(Reservations), problems),
            Routers = Addresses(parse.GetValue(Routers), "router", problems),
            DnsServers = Addresses(parse.GetValue(Dns), "dns", problems),
            NtpServers = Addresses(parse.GetValue(Ntp), "ntp", problems),
            Mtu = parse.GetValue(Mtu) is { } mtu ? new Setting<int>(mtu, SettingOrigin.Flag("mtu")) : null,
            Domain = parse.GetValue(Domain) is { } domain ? new Setting<string>(domain, SettingOrigin.Flag("domain")) : null,
            LeaseTime = parse.GetResult(LeaseTime) is { Implicit: false } ? new Setting<TimeSpan>(TimeSpan.FromSeconds(parse.GetValue(LeaseTime)), SettingOrigin.Flag("lease-time")) : null,
        };
    }

    private static List<Setting<DhcpReservation>> ParseReservations(string[]? texts, List<(string, string)> problems)
    {
        var result = new List<Setting<DhcpReservation>>();
        foreach (var text in texts ?? [])
        {
            var parts = text.Split('=', 2);
            var target = parts.Length == 2 ? parts[1].Split(',', 2) : [];
            if (parts.Length != 2 || !ConfigLoader.TryParseMac(parts[0], out var mac) || !Ipv4.TryParse(target[0], out var address))
            {
                problems.Add(("reserve", $"'{text}' is not MAC=ADDRESS[,HOSTNAME] (e.g. 52:54:00:12:34:56=10.0.0.50,web1)"));
                continue;
            }

            result.Add(new Setting<DhcpReservation>(new DhcpReservation(mac, address!, target.Length == 2 ? target[1] : null), SettingOrigin.Flag("reserve")));
        }

        return result;
    }

    private static List<Setting<IPAddress>> Addresses(string[]? texts, string flag, List<(string, string)> problems)
    {
        var result = new List<Setting<IPAddress>>();
        foreach (var text in texts ?? [])
        {
            if (Ipv4.TryParse(text, out var address))
            {
                result.Add(new Setting<IPAddress>(address!, SettingOrigin.Flag(flag)));
            }
            else
            {
                problems.Add((flag, $"'{text}' is not an IPv4 address"));
            }
        }

        return result;
    }
}
