using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Configuration;

/// <summary>
/// From the flags and pxehost.yaml to DHCP scopes: every pool of a subnet is kept, and each setting
/// that cannot work is refused with the reason and where it was given (the flag, or file:line: key).
/// </summary>
public sealed class ScopeBuilderTests
{
    /// <summary>The server on 10.0.0.40/24.</summary>
    private static readonly LocalInterface Eth0 = new("eth0", 2, IPAddress.Parse("10.0.0.40"), 24, PhysicalAddress.None);

    private static DhcpSettings Yaml(string text)
    {
        var errors = new List<ConfigError>();
        var config = ConfigLoader.Parse(text, "pxehost.yaml", errors);
        Assert.Empty(errors);
        return config!.Dhcp;
    }

    private static Setting<T> Flag<T>(T value, string flag)
        where T : notnull => new(value, SettingOrigin.Flag(flag));

    private static Setting<DhcpRange> RangeFlag(string text)
    {
        Assert.True(DhcpRange.TryParse(text, out var range, out var reason), reason);
        return Flag(range!, "dhcp-range");
    }

    private static Setting<DhcpReservation> ReserveFlag(string mac, string address) =>
        Flag(new DhcpReservation(DhcpCaptures.Mac(mac), IPAddress.Parse(address)), "reserve");

    private static IReadOnlyList<DhcpScope> Build(DhcpSettings settings, out List<string> errors)
    {
        var found = new List<SettingError>();
        var scopes = ScopeBuilder.Build(settings, [Eth0], found);
        errors = [.. found.Select(e => e.ToString())];
        return scopes;
    }

    private static string Refused(DhcpSettings settings)
    {
        Build(settings, out var errors);
        return Assert.Single(errors);
    }

    [Fact]
    public void Two_ranges_in_one_subnet_make_one_scope_with_both_pools_on_link_and_relayed()
    {
        var scopes = Build(Yaml("""
            dhcp:
              ranges:
                - 10.0.0.200-10.0.0.210
                - 10.0.0.100-10.0.0.110
                - 10.1.0.100-10.1.0.110/24
                - 10.1.0.50-10.1.0.60/24
            """), out var errors);

        Assert.Empty(errors);
        Assert.Equal(
            ["10.0.0.0/24 pool 10.0.0.100-10.0.0.110, 10.0.0.200-10.0.0.210", "10.1.0.0/24 pool 10.1.0.50-10.1.0.60, 10.1.0.100-10.1.0.110"],
            scopes.Select(s => s.ToString()));
        Assert.Equal(22u, scopes[0].PoolSize);
    }

    [Fact]
    public void Overlapping_ranges_are_refused_naming_both()
    {
        Assert.Equal(
            "pxehost.yaml:4: dhcp.ranges[1]: '10.0.0.150-10.0.0.250' overlaps '10.0.0.100-10.0.0.200' (pxehost.yaml:3: dhcp.ranges[0])",
            Refused(Yaml("""
                dhcp:
                  ranges:
                    - 10.0.0.100-10.0.0.200
                    - 10.0.0.150-10.0.0.250
                """)));
    }

    [Fact]
    public void Subnets_that_overlap_with_different_prefixes_are_refused()
    {
        Assert.Equal(
            "--dhcp-range: '10.1.0.10-10.1.0.20/16' is in 10.1.0.0/16, which overlaps 10.1.0.0/24 of '10.1.0.100-10.1.0.110/24' (--dhcp-range)",
            Refused(new DhcpSettings { Ranges = [RangeFlag("10.1.0.100-10.1.0.110/24"), RangeFlag("10.1.0.10-10.1.0.20/16")] }));
    }

    [Theory]
    [InlineData("10.0.0.0-10.0.0.20", "'10.0.0.0-10.0.0.20' contains the network address 10.0.0.0 of 10.0.0.0/24")]
    [InlineData("10.0.0.200-10.0.0.255", "'10.0.0.200-10.0.0.255' contains the broadcast address 10.0.0.255 of 10.0.0.0/24")]
    [InlineData("10.0.0.25-10.0.0.35", "'10.0.0.25-10.0.0.35' contains the router 10.0.0.30 (pxehost.yaml:4: dhcp.router)")]
    [InlineData("10.0.0.38-10.0.0.45", "'10.0.0.38-10.0.0.45' contains this server's own address 10.0.0.40")]
    [InlineData("10.2.0.0-10.2.0.9/24", "'10.2.0.0-10.2.0.9/24' contains the network address 10.2.0.0 of 10.2.0.0/24")]
    public void A_range_holding_an_address_no_client_may_get_is_refused_with_its_line(string range, string reason)
    {
        Assert.Equal($"pxehost.yaml:3: dhcp.ranges: {reason}", Refused(Yaml($"""
            dhcp:
              lease-time: 600
              ranges: {range}
              router: 10.0.0.30
            """)));
    }

    [Fact]
    public void A_mac_reserved_on_the_command_line_and_in_the_file_is_refused_where_it_comes_again()
    {
        var file = Yaml("""
            dhcp:
              ranges: 10.0.0.100-10.0.0.200
            machines:
              - mac: 52:54:00:00:00:01
                address: 10.0.0.51
            """);
        var settings = new DhcpSettings { Reservations = [ReserveFlag("52:54:00:00:00:01", "10.0.0.50")] }.Over(file);

        Assert.Equal("pxehost.yaml:5: machines[0].address: 52:54:00:00:00:01 is reserved twice: 10.0.0.50 (--reserve) and 10.0.0.51", Refused(settings));
    }

    [Fact]
    public void An_address_reserved_on_the_command_line_and_in_the_file_is_refused_where_it_comes_again()
    {
        var file = Yaml("""
            dhcp:
              ranges: 10.0.0.100-10.0.0.200
            machines:
              - mac: 52:54:00:00:00:02
                address: 10.0.0.50
            """);
        var settings = new DhcpSettings { Reservations = [ReserveFlag("52:54:00:00:00:01", "10.0.0.50")] }.Over(file);

        Assert.Equal("pxehost.yaml:5: machines[0].address: 10.0.0.50 is reserved twice: for 52:54:00:00:00:01 (--reserve) and 52:54:00:00:00:02", Refused(settings));
    }

    [Fact]
    public void A_reservation_outside_every_scope_is_refused_with_its_line()
    {
        Assert.Equal("pxehost.yaml:6: machines[0].address: '52:54:00:00:00:01=10.9.0.50,web1': 10.9.0.50 is in no dhcp.ranges subnet", Refused(Yaml("""
            dhcp:
              ranges: 10.0.0.100-10.0.0.200
            machines:
              - mac: 52:54:00:00:00:01
                hostname: web1
                address: 10.9.0.50
            """)));
        Assert.Equal("--reserve: '52:54:00:00:00:01=10.9.0.50': 10.9.0.50 is in no --dhcp-range's subnet",
            Refused(new DhcpSettings { Ranges = [RangeFlag("10.0.0.100-10.0.0.200")], Reservations = [ReserveFlag("52:54:00:00:00:01", "10.9.0.50")] }));
    }

    [Fact]
    public void Reservations_go_to_the_scope_of_their_subnet_from_both_sources()
    {
        var file = Yaml("""
            dhcp:
              ranges: [10.0.0.100-10.0.0.200, 10.1.0.100-10.1.0.200/24]
            machines:
              - mac: 52:54:00:00:00:02
                hostname: web2
                address: 10.1.0.20
            """);
        var scopes = Build(new DhcpSettings { Reservations = [ReserveFlag("52:54:00:00:00:01", "10.0.0.20")] }.Over(file), out var errors);

        Assert.Empty(errors);
        Assert.Equal([new DhcpReservation(DhcpCaptures.Mac("52:54:00:00:00:01"), IPAddress.Parse("10.0.0.20"))], scopes[0].Reservations);
        Assert.Equal([new DhcpReservation(DhcpCaptures.Mac("52:54:00:00:00:02"), IPAddress.Parse("10.1.0.20"), "web2")], scopes[1].Reservations);
    }

    [Fact]
    public void Flags_win_over_the_file_where_both_give_a_value()
    {
        var file = Yaml("""
            dhcp:
              ranges: 10.0.0.100-10.0.0.200
              router: 10.0.0.254
              dns: 10.0.0.53
              mtu: 9000
              lease-time: 600
            """);
        var flags = new DhcpSettings
        {
            Routers = [Flag(IPAddress.Parse("10.0.0.2"), "router")],
            LeaseTime = Flag(TimeSpan.FromHours(2), "lease-time"),
        };

        var scope = Assert.Single(Build(flags.Over(file), out var errors));

        Assert.Empty(errors);
        Assert.Equal([IPAddress.Parse("10.0.0.2")], scope.Routers);
        Assert.Equal(TimeSpan.FromHours(2), scope.LeaseTime);
        Assert.Equal([IPAddress.Parse("10.0.0.53")], scope.DnsServers);
        Assert.Equal(9000, scope.Mtu);
        Assert.Equal("10.0.0.0/24 pool 10.0.0.100-10.0.0.200", scope.ToString());
    }

    [Fact]
    public void Proxy_mode_with_a_pool_and_full_mode_without_one_are_refused_where_the_mode_is_set()
    {
        Assert.Equal("pxehost.yaml:1: mode: proxy mode and dhcp.ranges exclude each other: a proxy never gives addresses", Refused(Yaml("""
            mode: proxy
            dhcp:
              ranges: 10.0.0.100-10.0.0.200
            """)));
        Assert.StartsWith("pxehost.yaml:1: mode: full DHCP needs a pool", Refused(Yaml("mode: full\n")), StringComparison.Ordinal);
        Assert.StartsWith("--dhcp-range: give a pool", Refused(DhcpSettings.None), StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_ignores_the_machines_addresses_but_refuses_a_reservation_flag()
    {
        var file = Yaml("""
            mode: proxy
            machines:
              - mac: 52:54:00:00:00:02
                address: 10.9.0.20
            """);
        Assert.Empty(Build(file, out var errors));
        Assert.Empty(errors);

        Assert.Equal("--reserve: '52:54:00:00:00:01=10.0.0.20': 10.0.0.20 is in no --dhcp-range's subnet",
            Refused(new DhcpSettings { Reservations = [ReserveFlag("52:54:00:00:00:01", "10.0.0.20")] }.Over(file)));
    }

    [Fact]
    public void An_mtu_or_lease_time_from_a_flag_outside_what_works_is_refused_naming_the_flag()
    {
        Build(new DhcpSettings
        {
            Ranges = [RangeFlag("10.0.0.100-10.0.0.200")],
            Mtu = Flag(40, "mtu"),
            LeaseTime = Flag(TimeSpan.FromSeconds(30), "lease-time"),
        }, out var errors);

        Assert.Equal(["--mtu: 40 is outside 68-65535", "--lease-time: 30 s is below 60 s"], errors);
    }
}
