using PxeHost.Storage;
using System.Globalization;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Dhcp;

namespace PxeHost.Tests.Configuration;

/// <summary>
/// pxehost.yaml as an admin writes it: a full file loads into exactly the values it says, and every
/// kind of mistake is reported as <c>file:line: key: message</c> with the line the mistake is on.
/// </summary>
public sealed class ConfigLoaderTests
{
    private const string File = "pxehost.yaml";

    // Line numbers matter: the error tests below count on them, and MachineEntry.Line is asserted.
    private const string FullExample = """
        interfaces: [eth0, eth1]
        mode: full
        tftp-root: /srv/tftp
        http-port: 8080
        dhcp:
          ranges: 10.0.0.100-10.0.0.200
          router: 10.0.0.1
          dns: [10.0.0.2, 10.0.0.3]
          domain: lab.example
          lease-time: 3600
        defaults:
          loader: grub
          boot: main
          serial: 1
        profiles:
          debian:
            title: Debian 12 installer
            kernel: /srv/images/debian/linux
            initrds: [/srv/images/debian/initrd.gz, firmware.cpio.gz]
            cmdline: auto=true url=${http}/preseed.cfg
          rescue:
            kernel: http://mirror.example/rescue/vmlinuz
            initrd: http://mirror.example/rescue/initrd.img
          disk:
            title: Local disk
            local: true
          memtest:
            memtest: true
          netbootxyz:
            chain: https://boot.netboot.xyz/menu.ipxe
        menus:
          main:
            title: Lab menu
            timeout: 5
            default: disk
            entries: [debian, rescue, disk, memtest]
          forever:
            entries:
              - debian
              - disk
            timeout: -1
          quick:
            entries: rescue
        machines:
          - mac: 52:54:00:12:34:56
            hostname: web1
            address: 10.0.0.50
            boot: debian
            loader: ipxe
          - uuid: 8b1c7a52-3c1f-4f6e-9d0b-2a4c6e8f0a1b
            boot: forever
            once: true
        groups:
          lab:
            macs: [52:54:00:00:00:01, 52-54-00-00-00-02]
            boot: memtest
            loader: pxelinux
        """;

    [Fact]
    public void Full_example_loads_into_exactly_the_values_it_names()
    {
        var config = Parse(FullExample, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Equal(File, config.File);
        Assert.Equal(["eth0", "eth1"], config.Interfaces);
        Assert.Equal(DhcpMode.Full, config.Mode);
        Assert.Equal("/srv/tftp", config.TftpRoot);
        Assert.Equal(8080, config.HttpPort);
        Assert.Equal(["pxehost.yaml:6: dhcp.ranges 10.0.0.100-10.0.0.200"], config.Dhcp.Ranges.Select(Describe));
        Assert.Equal(["pxehost.yaml:7: dhcp.router 10.0.0.1"], config.Dhcp.Routers.Select(Describe));
        Assert.Equal(["pxehost.yaml:8: dhcp.dns[0] 10.0.0.2", "pxehost.yaml:8: dhcp.dns[1] 10.0.0.3"], config.Dhcp.DnsServers.Select(Describe));
        Assert.Equal("pxehost.yaml:9: dhcp.domain lab.example", Describe(config.Dhcp.Domain!));
        Assert.Equal("pxehost.yaml:10: dhcp.lease-time 01:00:00", Describe(config.Dhcp.LeaseTime!));
        Assert.Equal("pxehost.yaml:2: mode Full", Describe(config.Dhcp.Mode!));
        Assert.Equal(["pxehost.yaml:47: machines[0].address 52:54:00:12:34:56 10.0.0.50 web1"],
            config.Dhcp.Reservations.Select(r => $"{r.Origin} {MacAddressText.Format(r.Value.Mac)} {r.Value.Address} {r.Value.Hostname}"));

        var plan = config.Plan;
        Assert.Equal(BootLoader.Grub, plan.DefaultLoader);
        Assert.Equal("main", plan.DefaultBoot);
        Assert.Equal(1, plan.SerialPort);
        Assert.Equal(
            [
                "debian|Debian 12 installer|Linux|/srv/images/debian/linux|/srv/images/debian/initrd.gz,firmware.cpio.gz|auto=true url=${http}/preseed.cfg|",
                "disk|Local disk|LocalDisk||||",
                "memtest|memtest|Memtest||||",
                "netbootxyz|netbootxyz|Chain||||https://boot.netboot.xyz/menu.ipxe",
                "rescue|rescue|Linux|http://mirror.example/rescue/vmlinuz|http://mirror.example/rescue/initrd.img||",
            ],
            plan.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Describe(p.Key, p.Value)));
        Assert.Equal(
            [
                "forever|forever|debian,disk|(none)|forever",
                "main|Lab menu|debian,rescue,disk,memtest|disk|00:00:05",
                "quick|quick|rescue|(none)|00:00:10",
            ],
            plan.Menus.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => Describe(m.Key, m.Value)));
        Assert.Equal(
            [
                "52:54:00:12:34:56|(none)|web1|10.0.0.50|debian|Ipxe|False|(none)|45",
                "(none)|8b1c7a52-3c1f-4f6e-9d0b-2a4c6e8f0a1b|(none)|(none)|forever|(none)|True|(none)|50",
                "52:54:00:00:00:01|(none)|(none)|(none)|memtest|Pxelinux|False|lab|55",
                "52:54:00:00:00:02|(none)|(none)|(none)|memtest|Pxelinux|False|lab|55",
            ],
            plan.Machines.Select(Describe));
    }

    [Fact]
    public void Load_reads_a_file_from_disk_and_names_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pxehost-{Guid.NewGuid():N}.yaml");
        System.IO.File.WriteAllText(path, FullExample);
        try
        {
            var config = ConfigLoader.Load(path, out var errors);

            Assert.Empty(errors);
            Assert.Equal(path, config?.File);
            Assert.Equal(5, config?.Plan.Profiles.Count);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    public static TheoryData<string, string, string[]> ErrorClasses() => new()
    {
        {
            "unknown top-level key",
            """
            mode: proxy
            colour: blue
            """,
            ["pxehost.yaml:2: colour: unknown key (expected one of: interfaces, mode, tftp-root, http-port, dhcp, defaults, profiles, menus, machines, groups)"]
        },
        {
            "unknown key inside a machine",
            """
            profiles:
              disk:
                local: true
            machines:
              - mac: 52:54:00:12:34:56
                bot: disk
            """,
            ["pxehost.yaml:6: machines[0].bot: unknown key (expected one of: mac, uuid, hostname, address, boot, loader, once)"]
        },
        {
            "a list where one value belongs",
            """
            tftp-root: /srv/tftp
            http-port:
              - 80
            """,
            ["pxehost.yaml:3: http-port: must be a single value"]
        },
        {
            "a value where a mapping belongs",
            """
            mode: proxy
            dhcp: 10.0.0.1
            """,
            ["pxehost.yaml:2: dhcp: must be a mapping (key: value lines)"]
        },
        {
            "a number out of range",
            """
            http-port: 70000
            """,
            ["pxehost.yaml:1: http-port: '70000' is not a whole number from 1 to 65535"]
        },
        {
            "not a number",
            """
            dhcp:
              domain: lab.example
              lease-time: an hour
            """,
            ["pxehost.yaml:3: dhcp.lease-time: 'an hour' is not a whole number from 60 to 2147483647"]
        },
        {
            "an unknown enum name",
            """
            mode: relay
            """,
            ["pxehost.yaml:1: mode: 'relay' is not one of: full, proxy"]
        },
        {
            "an enum given as a number",
            """
            mode: 1
            """,
            ["pxehost.yaml:1: mode: '1' is not one of: full, proxy"]
        },
        {
            "enum names combined with a comma",
            """
            defaults:
              loader: ipxe,grub
            """,
            ["pxehost.yaml:2: defaults.loader: 'ipxe,grub' is not one of: ipxe, pxelinux, grub"]
        },
        {
            "not a boolean",
            """
            machines:
              - mac: 52:54:00:12:34:56
                once: maybe
            """,
            ["pxehost.yaml:3: machines[0].once: 'maybe' is not true or false"]
        },
        {
            "bad MACs (each reported once, not also as missing or as the same MAC twice)",
            """
            machines:
              - hostname: web1
              - mac: 52:54:00:12:34
                hostname: web2
              - mac: 52:54:00:12:34:56:78
            """,
            [
                "pxehost.yaml:2: machines[0]: needs a mac or a uuid",
                "pxehost.yaml:3: machines[1].mac: '52:54:00:12:34' is not a MAC address (aa:bb:cc:dd:ee:ff)",
                "pxehost.yaml:5: machines[2].mac: '52:54:00:12:34:56:78' is not a MAC address (aa:bb:cc:dd:ee:ff)",
            ]
        },
        {
            "a bad MAC in a group",
            """
            profiles:
              disk:
                local: true
            groups:
              lab:
                boot: disk
                macs: [52:54:00:00:00:01, nonsense]
            """,
            ["pxehost.yaml:7: groups.lab.macs: 'nonsense' is not a MAC address (aa:bb:cc:dd:ee:ff)"]
        },
        {
            "a bad UUID (not also reported as missing)",
            """
            machines:
              - uuid: 8b1c7a52-3c1f-4f6e-9d0b
            """,
            ["pxehost.yaml:2: machines[0].uuid: '8b1c7a52-3c1f-4f6e-9d0b' is not a UUID"]
        },
        {
            "a bad address",
            """
            dhcp:
              router: 10.0.0.1
              dns: [10.0.0.2, 10.0.0.300]
            """,
            ["pxehost.yaml:3: dhcp.dns[1]: '10.0.0.300' is not an IPv4 address"]
        },
        {
            "a bad router in a block list, reported on its own line",
            """
            dhcp:
              router:
                - 10.0.0.1
                - gateway
            """,
            ["pxehost.yaml:4: dhcp.router[1]: 'gateway' is not an IPv4 address"]
        },
        {
            "bad DHCP ranges, each on its own line",
            """
            dhcp:
              ranges:
                - 10.0.0.100-10.0.0.200
                - 10.0.0.250-10.0.0.240
                - 10.0.0.100
                - 10.1.0.10-10.1.0.20/31
                - 10.1.0.10-10.2.0.20/24
            """,
            [
                "pxehost.yaml:4: dhcp.ranges[1]: '10.0.0.250-10.0.0.240': FIRST must not be above LAST",
                "pxehost.yaml:5: dhcp.ranges[2]: '10.0.0.100' is not FIRST-LAST or FIRST-LAST/PREFIX (e.g. 10.0.0.100-10.0.0.200)",
                "pxehost.yaml:6: dhcp.ranges[3]: '10.1.0.10-10.1.0.20/31': the prefix must be 8-30",
                "pxehost.yaml:7: dhcp.ranges[4]: '10.1.0.10-10.2.0.20/24': FIRST and LAST must be in one /24 subnet, FIRST <= LAST",
            ]
        },
        {
            "a lease time below a minute",
            """
            dhcp:
              lease-time: 30
            """,
            ["pxehost.yaml:2: dhcp.lease-time: '30' is not a whole number from 60 to 2147483647"]
        },
        {
            "an MTU above 65535",
            """
            dhcp:
              mtu: 70000
            """,
            ["pxehost.yaml:2: dhcp.mtu: '70000' is not a whole number from 68 to 65535"]
        },
        {
            "machines not a list",
            """
            mode: proxy
            machines:
              web1: 52:54:00:12:34:56
            """,
            ["pxehost.yaml:3: machines: must be a list (each item starting with '- ')"]
        },
        {
            "a profile with nothing to boot",
            """
            profiles:
              broken:
                title: Nothing here
            """,
            ["pxehost.yaml:3: profiles.broken: needs exactly one of: kernel, iso, local: true, memtest: true, chain"]
        },
        {
            "a profile with two things to boot",
            """
            profiles:
              disk:
                local: true
              both:
                kernel: vmlinuz
                chain: ipxe.efi
            """,
            ["pxehost.yaml:5: profiles.both: needs exactly one of: kernel, iso, local: true, memtest: true, chain"]
        },
        {
            "local: false",
            """
            profiles:
              disk:
                local: false
            """,
            ["pxehost.yaml:3: profiles.disk: local and memtest take the value true"]
        },
        {
            "a profile name with a space",
            """
            profiles:
              my disk:
                local: true
            """,
            ["pxehost.yaml:3: profiles.my disk: a profile name may hold letters, digits, '-' and '_' only"]
        },
        {
            "a menu entry naming no profile",
            """
            profiles:
              disk:
                local: true
            menus:
              main:
                entries:
                  - disk
                  - debian
            """,
            ["pxehost.yaml:7: menus.main.entries: no profile named 'debian'"]
        },
        {
            "a menu default that is not an entry",
            """
            profiles:
              disk:
                local: true
              memtest:
                memtest: true
            menus:
              main:
                entries: [disk]
                default: memtest
            """,
            ["pxehost.yaml:9: menus.main.default: 'memtest' is not one of this menu's entries"]
        },
        {
            "a menu without entries",
            """
            menus:
              main:
                title: Empty
            """,
            ["pxehost.yaml:3: menus.main: needs entries: a list of profile names"]
        },
        {
            "defaults.boot naming nothing",
            """
            profiles:
              disk:
                local: true
            defaults:
              loader: ipxe
              boot: debian
            """,
            ["pxehost.yaml:6: defaults.boot: no profile or menu named 'debian'"]
        },
        {
            "a machine booting nothing known",
            """
            profiles:
              disk:
                local: true
            machines:
              - mac: 52:54:00:12:34:56
                boot: disk
              - mac: 52:54:00:12:34:57
                hostname: web2
                boot: debian
            """,
            ["pxehost.yaml:9: machines[1].boot: no profile or menu named 'debian'"]
        },
        {
            "a group booting nothing known, reported once for all its MACs",
            """
            profiles:
              disk:
                local: true
            groups:
              lab:
                macs: [52:54:00:00:00:01, 52:54:00:00:00:02, 52:54:00:00:00:03]
                boot: debian
            """,
            ["pxehost.yaml:7: groups.lab.boot: no profile or menu named 'debian'"]
        },
        {
            "a MAC listed twice",
            """
            profiles:
              disk:
                local: true
            machines:
              - mac: 52:54:00:12:34:56
                boot: disk
              - mac: 52-54-00-12-34-56
                boot: disk
            """,
            ["pxehost.yaml:7: machines: 52:54:00:12:34:56 is listed 2 times (lines 5, 7)"]
        },
        {
            "a MAC in two groups, with no machines list",
            """
            profiles:
              disk:
                local: true
            groups:
              lab:
                macs: [52:54:00:00:00:01]
                boot: disk
              spare:
                boot: disk
                macs: [52:54:00:00:00:01]
            """,
            ["pxehost.yaml:9: groups.spare.macs: 52:54:00:00:00:01 is listed 2 times (lines 6, 9)"]
        },
        {
            "a YAML syntax error",
            """
            profiles:
              disk:
                local: true
                title: "Local disk
            """,
            ["pxehost.yaml:4: (syntax): While scanning a quoted scalar, found unexpected end of stream."]
        },
        {
            "an unclosed list (the scanner's InvalidOperationException, which once stopped the server)",
            """
            interfaces: [br0]
            dhcp:
              ranges: [10.0.0.100-10.0.0.200
              router: 10.0.0.1
            profiles:
              disk: {local: true}
            """,
            ["pxehost.yaml:3: (syntax): '[' is not closed"]
        },
        {
            "a nested entry whose key was deleted (the loader's ArgumentException, which stopped the server; found by fuzzing)",
            """
            profiles:
              debian:
                : /vmlinuz
                cmdline: quiet
            """,
            ["pxehost.yaml:3: (syntax): an entry without a key ('KEY: value' expected)"]
        },
        {
            "an explicit key left empty",
            """
            profiles:
              ? : disk
            """,
            ["pxehost.yaml:2: (syntax): an entry without a key ('KEY: value' expected)"]
        },
    };

    [Theory]
    [MemberData(nameof(ErrorClasses))]
    public void Each_mistake_is_reported_with_its_line_and_key(string what, string yaml, string[] expected)
    {
        var config = Parse(yaml, out var errors);

        Assert.True(config is null, what);
        Assert.Equal(expected, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Every_mistake_in_one_file_is_reported_in_one_run()
    {
        const string yaml = """
            mode: relay
            http-port: 0
            profiles:
              disk:
                local: true
              broken:
                title: Nothing
            menus:
              main:
                entries: [disk, debian]
            machines:
              - mac: 52:54:00:12:34:5g
                boot: disk
            defaults:
              boot: nowhere
            """;

        var config = Parse(yaml, out var errors);

        Assert.Null(config);
        Assert.Equal(
            [
                "pxehost.yaml:1: mode: 'relay' is not one of: full, proxy",
                "pxehost.yaml:2: http-port: '0' is not a whole number from 1 to 65535",
                "pxehost.yaml:7: profiles.broken: needs exactly one of: kernel, iso, local: true, memtest: true, chain",
                "pxehost.yaml:10: menus.main.entries: no profile named 'debian'",
                "pxehost.yaml:12: machines[0].mac: '52:54:00:12:34:5g' is not a MAC address (aa:bb:cc:dd:ee:ff)",
                "pxehost.yaml:15: defaults.boot: no profile or menu named 'nowhere'",
            ],
            errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing configured yet\n")]
    public void An_empty_file_gives_an_empty_plan(string text)
    {
        var config = Parse(text, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Empty(config.Plan.Profiles);
        Assert.Empty(config.Plan.Menus);
        Assert.Empty(config.Plan.Machines);
        Assert.Null(config.Plan.DefaultBoot);
        Assert.Null(config.Mode);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pxehost-missing-{Guid.NewGuid():N}", "pxehost.yaml");

        var config = ConfigLoader.Load(path, out var errors);

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.File);
        Assert.StartsWith($"{path}:0: (file): ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static PxeHostConfig? Parse(string yaml, out List<ConfigError> errors)
    {
        errors = [];
        return ConfigLoader.Parse(yaml, File, errors);
    }

    private static string Describe(string key, BootProfile p) =>
        $"{key}|{p.Title}|{p.Kind}|{p.Kernel}|{string.Join(',', p.Initrds)}|{p.CommandLine}|{p.ChainTarget}" + (p.Name == key ? string.Empty : $"|name={p.Name}");

    private static string Describe(string key, BootMenu m) =>
        $"{key}|{m.Title}|{string.Join(',', m.Entries)}|{m.Default ?? "(none)"}|{m.Timeout?.ToString() ?? "forever"}" + (m.Name == key ? string.Empty : $"|name={m.Name}");

    private static string Describe<T>(Setting<T> setting)
        where T : notnull => $"{setting.Origin} {setting.Value}";

    private static string Describe(MachineEntry m) => string.Join(
        '|',
        m.Mac is null ? "(none)" : PxeHost.Storage.MacAddressText.Format(m.Mac),
        m.Uuid?.ToString() ?? "(none)",
        m.Hostname ?? "(none)",
        m.Address?.ToString() ?? "(none)",
        m.Boot ?? "(none)",
        m.Loader?.ToString() ?? "(none)",
        m.Once.ToString(CultureInfo.InvariantCulture),
        m.Group ?? "(none)",
        m.Line.ToString(CultureInfo.InvariantCulture));
}
