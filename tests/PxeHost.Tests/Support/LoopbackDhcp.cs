using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Tests.Support;

/// <summary>
/// The real DHCP service in full mode on "lo" (unprivileged ports), with a 127.0.0.0/8 scope or the
/// scopes a test gives, its leases in SQLite in a temporary folder, its log and its metrics captured.
/// Disposing it fails the test on any error logged but those it was told to expect.
/// </summary>
public sealed class LoopbackDhcp : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly bool _ownsLoggers;
    private readonly Socket? _client;
    private readonly HashSet<int> _expectedErrors = [];

    private LoopbackDhcp(DhcpServer server, DhcpServerOptions options, ILoggerFactory loggers, bool ownsLoggers, CapturingLoggerProvider logs, Socket? client)
    {
        Server = server;
        Options = options;
        _loggers = loggers;
        _ownsLoggers = ownsLoggers;
        Logs = logs;
        _client = client;
        Metrics = new MetricReader(server.Metrics);
    }

    public DhcpServer Server { get; }

    public DhcpServerOptions Options { get; }

    public int ServerPort => Options.ServerPort;

    /// <summary>Where the server keeps <c>leases.db</c>.</summary>
    public string DataDirectory => Options.DataDirectory;

    /// <summary>The server's log, when the harness made the loggers.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>This server's counters, as a metrics collector reads them.</summary>
    public MetricReader Metrics { get; }

    /// <summary>Errors with these event ids are what the test provokes, not failures.</summary>
    public void ExpectErrors(params int[] eventIds) => _expectedErrors.UnionWith(eventIds);

    /// <summary>The service answering a test's own client socket, bound to <paramref name="clientPort"/>.</summary>
    public static Task<LoopbackDhcp> StartAsync(int clientPort, BootEventStream? events = null, IReadOnlyList<DhcpScope>? scopes = null) =>
        StartAsync(clientPort, events, scopes, null, null);

    /// <summary>The service with a client socket of the harness's own, for <see cref="ExchangeAsync(DhcpMessage)"/>; logs go to <paramref name="loggers"/> when given.</summary>
    public static Task<LoopbackDhcp> StartWithClientAsync(IReadOnlyList<DhcpScope> scopes, ILoggerFactory? loggers = null)
    {
        // Bound to every address: replies before the client has one are broadcast, and lo delivers those too.
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Any, 0));
        return StartAsync(((IPEndPoint)client.LocalEndPoint!).Port, null, scopes, loggers, client);
    }

    private static async Task<LoopbackDhcp> StartAsync(int clientPort, BootEventStream? events, IReadOnlyList<DhcpScope>? scopes, ILoggerFactory? loggers, Socket? client)
    {
        var (serverPort, bootServerPort) = FreeUdpPorts();
        var options = new DhcpServerOptions
        {
            Mode = DhcpMode.Full,
            Interfaces = ["lo"],
            Scopes = scopes ??
            [
                new DhcpScope
                {
                    Network = IPAddress.Parse("127.0.0.0"),
                    PrefixLength = 8,
                    Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))],
                },
            ],
            DataDirectory = Directory.CreateTempSubdirectory("pxh-dhcp-").FullName,
            ServerPort = serverPort,
            ClientPort = clientPort,
            BootServerPort = bootServerPort,
            ProbeForOtherServers = false,
        };
        var logs = new CapturingLoggerProvider();
        var factory = loggers ?? LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var logger = factory.CreateLogger<DhcpServer>();
        var leaseStores = new SqliteLeaseStoreFactory(options.DataDirectory, LeaseDurability.Process, TimeProvider.System, logger);
        var server = new DhcpServer(options, TestPolicies.Flags(), leaseStores, TimeProvider.System, logger, events: events);
        var harness = new LoopbackDhcp(server, options, factory, loggers is null, logs, client);
        await server.StartAsync(CancellationToken.None);
        await server.Listening;
        return harness;
    }

    /// <summary>Sends the request from the harness's client and returns the server's reply to it (same xid), within 10 s.</summary>
    public async Task<DhcpMessage> ExchangeAsync(DhcpMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = _client ?? throw new InvalidOperationException("started without a client of its own: use StartWithClientAsync");
        return await ExchangeAsync(client, ServerPort, request);
    }

    /// <summary>Sends <paramref name="request"/> from <paramref name="client"/> to a server on loopback and returns its reply (same xid), within 10 s.</summary>
    public static async Task<DhcpMessage> ExchangeAsync(Socket client, int serverPort, DhcpMessage request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        await client.SendToAsync(DhcpMessageCodec.ToArray(request), new IPEndPoint(IPAddress.Loopback, serverPort));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[2048];
        while (true)
        {
            var received = await client.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
            if (DhcpMessageCodec.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var reply, out _) && reply!.TransactionId == request.TransactionId)
            {
                return reply;
            }
        }
    }

    /// <summary>
    /// Two distinct ports nothing listens on right now; the server binds them (0.0.0.0 on lo) a moment
    /// later. They must differ: with SO_REUSEADDR the server would bind both listeners to one port.
    /// </summary>
    internal static (int ServerPort, int BootServerPort) FreeUdpPorts()
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
        _client?.Dispose();
        if (_ownsLoggers)
        {
            _loggers.Dispose();
        }

        Directory.Delete(DataDirectory, recursive: true);
        var errors = Logs.Lines.Where(l => l.Level >= LogLevel.Error && !_expectedErrors.Contains(l.EventId)).ToList();
        Assert.True(errors.Count == 0, "the server logged errors: " + string.Join("; ", errors.Select(e => e.Message + " " + e.Exception)));
    }
}
