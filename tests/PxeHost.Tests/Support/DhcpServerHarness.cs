using PxeHost.Storage;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;
using PxeHost.Events;

namespace PxeHost.Tests.Support;

/// <summary>
/// The real DHCP service in full mode on "lo" (SO_BINDTODEVICE, unprivileged ports), with a 127.0.0.0/8
/// scope, its leases in a temporary folder, its log and its counters captured. Disposing stops it and
/// fails the test if the server logged an error.
/// </summary>
public sealed class DhcpServerHarness : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly string _dataDirectory;

    private DhcpServerHarness(DhcpServer server, int serverPort, MetricReader metrics, ILoggerFactory loggers, CapturingLoggerProvider logs, string dataDirectory)
    {
        Server = server;
        ServerPort = serverPort;
        Metrics = metrics;
        _loggers = loggers;
        Logs = logs;
        _dataDirectory = dataDirectory;
    }

    public DhcpServer Server { get; }

    public int ServerPort { get; }

    /// <summary>This server's counters, as a metrics collector reads them.</summary>
    public MetricReader Metrics { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<DhcpServerHarness> StartAsync(int clientPort, BootEventStream? events = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("pxh-dhcp-").FullName;
        var (serverPort, bootServerPort) = FreeUdpPorts();
        var options = new DhcpServerOptions
        {
            Mode = DhcpMode.Full,
            Interfaces = ["lo"],
            Scopes =
            [
                new DhcpScope
                {
                    Network = IPAddress.Parse("127.0.0.0"),
                    PrefixLength = 8,
                    Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))],
                },
            ],
            DataDirectory = dataDirectory,
            ServerPort = serverPort,
            ClientPort = clientPort,
            BootServerPort = bootServerPort,
            ProbeForOtherServers = false,
        };
        var logs = new CapturingLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var leaseStores = new SqliteLeaseStoreFactory(dataDirectory, LeaseDurability.Process, TimeProvider.System, loggers.CreateLogger<DhcpServer>());
        var server = new DhcpServer(options, TestPolicies.Flags(), leaseStores, TimeProvider.System, loggers.CreateLogger<DhcpServer>(), events: events);
        var metrics = new MetricReader(server.Metrics);
        await server.StartAsync(CancellationToken.None);
        await server.Listening;
        return new DhcpServerHarness(server, serverPort, metrics, loggers, logs, dataDirectory);
    }

    /// <summary>
    /// Two distinct ports nothing listens on right now; the server binds them (0.0.0.0 on lo) a moment
    /// later. They must differ: with SO_REUSEADDR the server would bind both listeners to one port.
    /// </summary>
    private static (int ServerPort, int BootServerPort) FreeUdpPorts()
    {
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new IPEndPoint(IPAddress.Any, 0));
        second.Bind(new IPEndPoint(IPAddress.Any, 0));
        return (((IPEndPoint)first.LocalEndPoint!).Port, ((IPEndPoint)second.LocalEndPoint!).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None);
        Server.Dispose();
        Metrics.Dispose();
        _loggers.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
        var errors = Logs.Lines.Where(l => l.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "the server logged errors: " + string.Join("; ", errors.Select(e => e.Message + " " + e.Exception)));
    }
}
