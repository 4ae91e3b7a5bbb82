using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Text;
using PxeHost.Boot.Plan;
using PxeHost.Dhcp;
using PxeHost.Iso;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PxeHost.Configuration;

/// <summary>
/// Reads pxehost.yaml. Every problem is collected with the file, the line, the key and what is
/// wrong, so one run reports all of them; the configuration is returned only when there are none.
/// </summary>
public static partial class ConfigLoader
{
    private static readonly string[] TopKeys = ["interfaces", "mode", "tftp-root", "http-port", "dhcp", "defaults", "profiles", "menus", "machines", "groups"];

    /// <param name="path">pxehost.yaml.</param>
    /// <param name="errors">Every problem, with file, line and key.</param>
    /// <param name="images">The library's images by name, for profiles naming an image entry (<c>iso:</c>); null: none are known.</param>
    public static PxeHostConfig? Load(string path, out IReadOnlyList<ConfigError> errors, Func<string, IsoImage?>? images = null)
    {
        var found = new List<ConfigError>();
        errors = found;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            found.Add(new ConfigError(path, 0, "(file)", e.Message));
            return null;
        }

        return Parse(text, path, found, images) is { } config ? config with { ContentHash = ContentHash(text) } : null;
    }

    /// <summary>The first '[' or '{' the text never closes (quotes and comments skipped), as an error on its line.</summary>
    private static ConfigError UnclosedBracket(string text, string file)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                quote = '\0';
            }
            else if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }
            }
            else if (c is '[' or '{')
            {
                open.Push((c, line));
            }
            else if (c is ']' or '}' && open.Count > 0)
            {
                open.Pop();
            }
        }

        return open.Count > 0
            ? new ConfigError(file, open.Last().Line, "(syntax)", $"'{open.Last().Bracket}' is not closed")
            : new ConfigError(file, line, "(syntax)", "the YAML scanner stopped: check brackets and quotes");
    }

    /// <summary>What tells one version of the file from another (SHA-256 of its text), so a watcher reloads only real changes.</summary>
    public static string ContentHash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text ?? string.Empty)));

    public static PxeHostConfig? Parse(string text, string file, List<ConfigError> errors, Func<string, IsoImage?>? images = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text ?? string.Empty));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError(file, (int)e.Start.Line, "(syntax)", e.InnerException?.Message ?? e.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException, and with no position) for a flow
            // collection left open where a block key follows ("ranges: [a-b" and then "router: …"):
            // name the line of the bracket that is not closed.
            errors.Add(UnclosedBracket(text ?? string.Empty, file));
            return null;
        }
        catch (ArgumentException)
        {
            // YamlDotNet's document loader throws this (not a YamlException, and past the place) for an
            // entry with no key in a nested mapping ("    : value", "? : value"): name that entry's line.
            errors.Add(new ConfigError(file, KeylessEntryLine(text ?? string.Empty) ?? (int)(parser.Current?.Start.Line ?? 0), "(syntax)",
                "an entry without a key ('KEY: value' expected)"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return new PxeHostConfig { File = file, Plan = BootPlanSet.Empty };
        }

        var yaml = new YamlNodes(file, errors);
        var top = yaml.Mapping(stream.Documents[0].RootNode, string.Empty, TopKeys);
        var reservations = new List<Setting<DhcpReservation>>();
        var files = new List<PlanFileReference>();
        var interfaces = yaml.List(top, "interfaces", string.Empty);
        var mode = yaml.Sourced(top, "mode", string.Empty, yaml.Enum<DhcpMode>(top, "mode", string.Empty));
        var config = new PxeHostConfig
        {
            File = file,
            Interfaces = interfaces,
            TftpRoot = yaml.String(top, "tftp-root", string.Empty),
            HttpPort = yaml.Int(top, "http-port", string.Empty, 1, 65535),
            Plan = ReadPlan(yaml, top, reservations, files, images),
            Files = files,
        };
        config = config with { Dhcp = ReadDhcp(yaml, top, new DhcpSettings { Mode = mode, Reservations = reservations }) };
        return errors.Count == 0 ? config : null;
    }

    /// <summary>The dhcp mapping, added to the mode and the machines' fixed addresses; each value with its line.</summary>
    private static DhcpSettings ReadDhcp(YamlNodes yaml, Dictionary<string, YamlNode> top, DhcpSettings settings)
    {
        if (!top.TryGetValue("dhcp", out var dhcpNode))
        {
            return settings;
        }

        var dhcp = yaml.Mapping(dhcpNode, "dhcp", "ranges", "router", "dns", "ntp", "mtu", "domain", "lease-time");
        var ranges = new List<Setting<DhcpRange>>();
        foreach (var (text, origin) in yaml.Items(dhcp, "ranges", "dhcp"))
        {
            if (DhcpRange.TryParse(text, out var range, out var reason))
            {
                ranges.Add(new Setting<DhcpRange>(range!, origin));
            }
            else
            {
                yaml.Error(origin, reason);
            }
        }

        var leaseSeconds = yaml.Int(dhcp, "lease-time", "dhcp", 60, int.MaxValue);
        return settings with
        {
            Ranges = ranges,
            Routers = yaml.Addresses(dhcp, "router", "dhcp"),
            DnsServers = yaml.Addresses(dhcp, "dns", "dhcp"),
            NtpServers = yaml.Addresses(dhcp, "ntp", "dhcp"),
            Mtu = yaml.Sourced(dhcp, "mtu", "dhcp", yaml.Int(dhcp, "mtu", "dhcp", 68, 65535)),
            Domain = yaml.Sourced(dhcp, "domain", "dhcp", yaml.String(dhcp, "domain", "dhcp")),
            LeaseTime = yaml.Sourced(dhcp, "lease-time", "dhcp", leaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null),
        };
    }

    private static BootPlanSet ReadPlan(
        YamlNodes yaml, Dictionary<string, YamlNode> top, List<Setting<DhcpReservation>> reservations, List<PlanFileReference> files, Func<string, IsoImage?>? images)
    {
        var profiles = new Dictionary<string, BootProfile>(StringComparer.Ordinal);
        var lines = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (top.TryGetValue("profiles", out var profilesNode))
        {
            foreach (var (name, node) in yaml.Named(profilesNode, "profiles"))
            {
                if (ReadProfile(yaml, name, node, files, images) is { } profile)
                {
                    profiles[name] = profile;
                    lines[name] = node;
                }
            }
        }

        var menus = new Dictionary<string, BootMenu>(StringComparer.Ordinal);
        if (top.TryGetValue("menus", out var menusNode))
        {
            foreach (var (name, node) in yaml.Named(menusNode, "menus"))
            {
                if (ReadMenu(yaml, name, node, profiles) is { } menu)
                {
                    menus[name] = menu;
                }
            }
        }

        var defaults = top.TryGetValue("defaults", out var defaultsNode) ? yaml.Mapping(defaultsNode, "defaults", "loader", "boot", "serial") : [];
        var plan = new BootPlanSet
        {
            Profiles = profiles,
            Menus = menus,
            Machines = ReadMachines(yaml, top, name => profiles.ContainsKey(name) || menus.ContainsKey(name), reservations),
            DefaultLoader = yaml.Enum<BootLoader>(defaults, "loader", "defaults") ?? BootLoader.Ipxe,
            DefaultBoot = yaml.String(defaults, "boot", "defaults"),
            SerialPort = yaml.Int(defaults, "serial", "defaults", 0, 3),
        };
        CheckReferences(yaml, plan, defaults);
        return plan;
    }

    private static BootProfile? ReadProfile(YamlNodes yaml, string name, YamlNode node, List<PlanFileReference> files, Func<string, IsoImage?>? images)
    {
        var key = $"profiles.{name}";
        if (!IsId(name))
        {
            yaml.Error(node, key, "a profile name may hold letters, digits, '-' and '_' only");
        }

        var map = yaml.Mapping(node, key, "title", "kernel", "initrds", "initrd", "cmdline", "local", "memtest", "chain", "iso", "entry");
        var kinds = new[] { map.ContainsKey("kernel"), map.ContainsKey("local"), map.ContainsKey("memtest"), map.ContainsKey("chain"), map.ContainsKey("iso") }.Count(k => k);
        if (kinds != 1)
        {
            yaml.Error(node, key, "needs exactly one of: kernel, iso, local: true, memtest: true, chain");
            return null;
        }

        if (map.ContainsKey("iso") || map.ContainsKey("entry"))
        {
            return ReadImageProfile(yaml, name, map, images);
        }

        var kind = map.ContainsKey("kernel") ? ProfileKind.Linux
            : map.ContainsKey("local") ? ProfileKind.LocalDisk
            : map.ContainsKey("memtest") ? ProfileKind.Memtest
            : ProfileKind.Chain;
        if ((kind == ProfileKind.LocalDisk && !yaml.Bool(map, "local", key)) || (kind == ProfileKind.Memtest && !yaml.Bool(map, "memtest", key)))
        {
            yaml.Error(node, key, "local and memtest take the value true");
        }

        var kernel = yaml.String(map, "kernel", key);
        var initrds = yaml.Items(map, "initrds", key).Concat(yaml.Items(map, "initrd", key)).ToList();
        if (kernel is not null)
        {
            files.Add(new PlanFileReference(name, kernel, yaml.Origin(map["kernel"], $"{key}.kernel")));
        }

        files.AddRange(initrds.Select(i => new PlanFileReference(name, i.Value, i.Origin)));
        return new BootProfile
        {
            Name = name,
            Title = yaml.String(map, "title", key) ?? name,
            Kind = kind,
            Kernel = kernel,
            Initrds = [.. initrds.Select(i => i.Value)],
            CommandLine = yaml.String(map, "cmdline", key) ?? string.Empty,
            ChainTarget = yaml.String(map, "chain", key),
        };
    }

    private static BootMenu? ReadMenu(YamlNodes yaml, string name, YamlNode node, Dictionary<string, BootProfile> profiles)
    {
        var key = $"menus.{name}";
        var map = yaml.Mapping(node, key, "title", "timeout", "default", "entries");
        var entries = yaml.List(map, "entries", key);
        if (entries.Count == 0)
        {
            yaml.Error(node, key, "needs entries: a list of profile names");
            return null;
        }

        foreach (var entry in entries.Where(e => !profiles.ContainsKey(e)))
        {
            yaml.Error(map["entries"], $"{key}.entries", $"no profile named '{entry}'");
        }

        var deflt = yaml.String(map, "default", key);
        if (deflt is not null && !entries.Contains(deflt))
        {
            yaml.Error(map["default"], $"{key}.default", $"'{deflt}' is not one of this menu's entries");
        }

        var timeout = yaml.Int(map, "timeout", key, -1, 3600);
        return new BootMenu
        {
            Name = name,
            Title = yaml.String(map, "title", key) ?? name,
            Entries = entries,
            Default = deflt,
            Timeout = timeout switch { null => TimeSpan.FromSeconds(10), -1 => null, var t => TimeSpan.FromSeconds(t.Value) },
        };
    }

    private static List<MachineEntry> ReadMachines(YamlNodes yaml, Dictionary<string, YamlNode> top, Func<string, bool> known, List<Setting<DhcpReservation>> reservations)
    {
        var machines = new List<MachineEntry>();
        if (top.TryGetValue("machines", out var machinesNode))
        {
            if (machinesNode is not YamlSequenceNode list)
            {
                yaml.Error(machinesNode, "machines", "must be a list (each item starting with '- ')");
            }
            else
            {
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var key = $"machines[{i}]";
                    var map = yaml.Mapping(list.Children[i], key, "mac", "uuid", "hostname", "address", "boot", "loader", "once");
                    var machine = ReadMachine(yaml, map, key, list.Children[i], known);
                    if (machine is { Mac: { } mac, Address: { } address })
                    {
                        reservations.Add(new Setting<DhcpReservation>(new DhcpReservation(mac, address, machine.Hostname), yaml.Origin(map["address"], $"{key}.address")));
                    }

                    if (!map.ContainsKey("mac") && !map.ContainsKey("uuid"))
                    {
                        yaml.Error(list.Children[i], key, "needs a mac or a uuid");
                    }

                    machines.Add(machine);
                }
            }
        }

        if (top.TryGetValue("groups", out var groupsNode))
        {
            foreach (var (name, node) in yaml.Named(groupsNode, "groups"))
            {
                var key = $"groups.{name}";
                var map = yaml.Mapping(node, key, "macs", "boot", "loader", "once");
                var shared = ReadMachine(yaml, map, key, node, known);
                foreach (var text in yaml.List(map, "macs", key))
                {
                    if (TryParseMac(text, out var mac))
                    {
                        machines.Add(shared with { Mac = mac, Group = name });
                    }
                    else
                    {
                        yaml.Error(map["macs"], $"{key}.macs", $"'{text}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
                    }
                }
            }
        }

        return machines;
    }

    private static MachineEntry ReadMachine(YamlNodes yaml, Dictionary<string, YamlNode> map, string key, YamlNode node, Func<string, bool> known)
    {
        PhysicalAddress? mac = null;
        if (yaml.String(map, "mac", key) is { } macText)
        {
            if (TryParseMac(macText, out var parsedMac))
            {
                mac = parsedMac;
            }
            else
            {
                yaml.Error(map["mac"], $"{key}.mac", $"'{macText}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            }
        }

        Guid? uuid = null;
        if (yaml.String(map, "uuid", key) is { } uuidText)
        {
            if (Guid.TryParse(uuidText, out var parsed))
            {
                uuid = parsed;
            }
            else
            {
                yaml.Error(map["uuid"], $"{key}.uuid", $"'{uuidText}' is not a UUID");
            }
        }

        var boot = yaml.String(map, "boot", key);
        if (boot is not null && !known(boot))
        {
            yaml.Error(map["boot"], $"{key}.boot", $"no profile or menu named '{boot}'");
        }

        var addresses = yaml.Addresses(map, "address", key);
        return new MachineEntry
        {
            Mac = mac,
            Uuid = uuid,
            Hostname = yaml.String(map, "hostname", key),
            Address = addresses.Count > 0 ? addresses[0].Value : null,
            Boot = boot,
            Loader = yaml.Enum<BootLoader>(map, "loader", key),
            Once = yaml.Bool(map, "once", key),
            Line = YamlNodes.Line(node),
        };
    }

    private static void CheckReferences(YamlNodes yaml, BootPlanSet plan, Dictionary<string, YamlNode> defaults)
    {
        if (plan.DefaultBoot is { } deflt && !plan.Profiles.ContainsKey(deflt) && !plan.Menus.ContainsKey(deflt))
        {
            yaml.Error(defaults["boot"], "defaults.boot", $"no profile or menu named '{deflt}'");
        }

        // Reported where the MAC is listed again, which is the entry to remove or fix.
        foreach (var twice in plan.Machines.Where(m => m.Mac is not null).GroupBy(m => m.Mac!).Where(g => g.Count() > 1))
        {
            var again = twice.ElementAt(1);
            yaml.Error(again.Line, again.Group is null ? "machines" : $"groups.{again.Group}.macs",
                $"{Storage.MacAddressText.Format(twice.Key)} is listed {twice.Count()} times (lines {string.Join(", ", twice.Select(m => m.Line))})");
        }
    }

    public static bool TryParseMac(string text, out PhysicalAddress mac)
    {
        mac = PhysicalAddress.None;
        return text is not null
            && PhysicalAddress.TryParse(text.Replace(':', '-'), out var parsed)
            && parsed.GetAddressBytes().Length == 6
            && (mac = parsed) is not null;
    }

    private static bool IsId(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
