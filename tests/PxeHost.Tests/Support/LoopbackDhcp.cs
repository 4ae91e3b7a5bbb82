using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Tests.Support;

/// <summary>
/// The real service in full mode on "lo", with a 127.0.0.0/8 scope, its leases in SQLite in a temporary
/// folder, its log captured. Disposing it fails the test on any error logged but those it was told to expect.
/// </summary>
public sealed class LoopbackDhcp : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly HashSet<int> _expectedErrors = [];

    private LoopbackDhcp(DhcpServer server, int serverPort, ILoggerFactory loggers, CapturingLoggerProvider logs, string dataDirectory)
    {
        Server = server;
        ServerPort = serverPort;
        _loggers = loggers;
        Logs = logs;
        DataDirectory = dataDirectory;
    }

    public DhcpServer Server { get; }

    public int ServerPort { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Where the server keeps <c>leases.db</c>.</summary>
    public string DataDirectory { get; }

    /// <summary>Errors with these event ids are what the test provokes, not failures.</summary>
    public void ExpectErrors(params int[] eventIds) => _expectedErrors.UnionWith(eventIds);

    public static async Task<LoopbackDhcp> StartAsync(int clientPort)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("pxh-dhcp-corpus-").FullName;
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
        var logger = loggers.CreateLogger<DhcpServer>();
        var leaseStores = new SqliteLeaseStoreFactory(dataDirectory, LeaseDurability.Process, TimeProvider.System, logger);
        var server = new DhcpServer(options, TestPolicies.Flags(), leaseStores, TimeProvider.System, logger);
        await server.StartAsync(CancellationToken.None);
        await server.Listening;
        return new LoopbackDhcp(server, serverPort, loggers, logs, dataDirectory);
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
        _loggers.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
        var errors = Logs.Lines.Where(l => l.Level >= LogLevel.Error && !_expectedErrors.Contains(l.EventId)).ToList();
        Assert.True(errors.Count == 0, "the server logged errors: " + string.Join("; ", errors.Select(e => e.Message + " " + e.Exception)));
    }
}
