using PxeHost.Events;
using System.Net;
using Microsoft.Extensions.Logging;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Configuration;

/// <summary>
/// An edit of pxehost.yaml while the real DHCP service runs on loopback: reservations and options
/// reach the next client at once, a changed pool is named as needing a restart, and an edit that
/// could not start keeps the last good plan and DHCP settings.
/// </summary>
public sealed class ConfigWatcherDhcpTests : IAsyncDisposable
{
    private const string Original = """
        interfaces: [lo]
        mode: full
        dhcp:
          ranges: 127.0.0.100-127.0.0.150
        profiles:
          disk:
            local: true
        defaults:
          boot: disk
        """;

    // The pool grows (needs a restart), a router and a machine with a fixed address are added (live).
    private const string Edited = """
        interfaces: [lo]
        mode: full
        dhcp:
          ranges: 127.0.0.100-127.0.0.160
          router: 127.0.0.254
        profiles:
          disk:
            local: true
        defaults:
          boot: disk
        machines:
          - mac: 52:54:00:00:00:60
            address: 127.0.0.60
        """;

    // Valid YAML that could not start: line 5 reserves the address line 8 already reserved.
    private const string ReservedTwice = """
        interfaces: [lo]
        mode: full
        dhcp:
          ranges: 127.0.0.100-127.0.0.150
          router: 127.0.0.1
        machines:
          - mac: 52:54:00:00:00:60
            address: 127.0.0.60
          - mac: 52:54:00:00:00:61
            address: 127.0.0.60
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("pxehost-watch-dhcp-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly string _path;
    private LoopbackDhcp? _dhcp;

    public ConfigWatcherDhcpTests()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        _path = Path.Combine(_directory, "pxehost.yaml");
    }

    public async ValueTask DisposeAsync()
    {
        if (_dhcp is not null)
        {
            await _dhcp.DisposeAsync();
        }

        _loggerFactory.Dispose();
        _logs.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static DhcpMessage Discover(string mac, uint xid) => DhcpCaptures.Request(mac, DhcpMessageType.Discover) with { TransactionId = xid };

    [Fact]
    public async Task A_new_reservation_and_router_apply_live_while_a_changed_pool_waits_for_a_restart()
    {
        File.WriteAllText(_path, Original);
        var started = ConfigLoader.Load(_path, out var loadErrors) ?? throw new InvalidOperationException(string.Join('\n', loadErrors));
        var lo = LocalInterface.Find("lo", out var missing);
        Assert.Null(missing);
        var buildErrors = new List<SettingError>();
        var scopes = ScopeBuilder.Build(started.Dhcp, [lo], buildErrors);
        Assert.Empty(buildErrors);
        _dhcp = await LoopbackDhcp.StartWithClientAsync(scopes, _loggerFactory);
        var plans = new PlanSource(started.Plan);
        var reload = new DhcpReload(DhcpSettings.None, [lo], _dhcp.Options, _dhcp.Server);
        using var watcher = new ConfigWatcher(_path, started, plans, _loggerFactory.CreateLogger<ConfigWatcher>(), reload);

        var before = await _dhcp.ExchangeAsync(Discover("52:54:00:00:00:60", 1));
        Assert.Equal(IPAddress.Parse("127.0.0.100"), before.YourAddress);
        Assert.Null(before.GetOption(DhcpOptionCode.Router));

        File.WriteAllText(_path, Edited);
        Assert.True(watcher.Reload(_path));

        Assert.Equal($"{_path}: dhcp.ranges changed: restart to apply", Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanNeedsRestart)).Message);
        Assert.Equal($"{_path}: DHCP reservations, router applied live", Assert.Single(_logs.WithEventId(5005)).Message);
        Assert.Equal("127.0.0.0/8 pool 127.0.0.100-127.0.0.150", Assert.Single(reload.Running).ToString());
        var after = await _dhcp.ExchangeAsync(Discover("52:54:00:00:00:60", 2));
        Assert.Equal(IPAddress.Parse("127.0.0.60"), after.YourAddress);
        Assert.Equal(IPAddress.Parse("127.0.0.254"), after.GetAddress(DhcpOptionCode.Router));

        File.WriteAllText(_path, ReservedTwice);
        Assert.False(watcher.Reload(_path));

        Assert.Equal(
            $"boot plan edit refused: {_path}:10: machines[1].address: 127.0.0.60 is reserved twice: for 52:54:00:00:00:60 ({_path}:8: machines[0].address) and 52:54:00:00:00:61",
            Assert.Single(_logs.WithEventId(5002)).Message);
        Assert.Equal(1, plans.Version);
        Assert.True(plans.Current.Profiles.ContainsKey("disk"));
        var kept = await _dhcp.ExchangeAsync(Discover("52:54:00:00:00:60", 3));
        Assert.Equal(IPAddress.Parse("127.0.0.60"), kept.YourAddress);
        Assert.Equal(IPAddress.Parse("127.0.0.254"), kept.GetAddress(DhcpOptionCode.Router));
    }
}
