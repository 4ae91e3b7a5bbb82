using PxeHost.Storage;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Support;

/// <summary>
/// The real DHCP service in full mode on "lo" (unprivileged ports, leases in a temporary folder) with
/// the scopes a test gives, and a client socket that sends requests to it and receives its replies.
/// </summary>
public sealed class LoopbackDhcpServer : IAsyncDisposable
{
    private readonly Socket _client;
    private readonly string _dataDirectory;
    private readonly IPEndPoint _server;

    private LoopbackDhcpServer(DhcpServer server, DhcpServerOptions options, Socket client, string dataDirectory)
    {
        Server = server;
        Options = options;
        _client = client;
        _dataDirectory = dataDirectory;
        _server = new IPEndPoint(IPAddress.Loopback, options.ServerPort);
    }

    public DhcpServer Server { get; }

    public DhcpServerOptions Options { get; }

    public static async Task<LoopbackDhcpServer> StartAsync(IReadOnlyList<DhcpScope> scopes, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);

        // Bound to every address: replies before the client has one are broadcast, and lo delivers those too.
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Any, 0));
        var (serverPort, bootServerPort) = FreeUdpPorts();
        var options = new DhcpServerOptions
        {
            Mode = DhcpMode.Full,
            Interfaces = ["lo"],
            Scopes = scopes,
            DataDirectory = Directory.CreateTempSubdirectory("pxh-dhcp-loopback-").FullName,
            ServerPort = serverPort,
            ClientPort = ((IPEndPoint)client.LocalEndPoint!).Port,
            BootServerPort = bootServerPort,
            ProbeForOtherServers = false,
        };
        var leaseStores = new SqliteLeaseStoreFactory(options.DataDirectory, options.Durability, TimeProvider.System, loggers.CreateLogger<DhcpServer>());
        var server = new DhcpServer(options, TestPolicies.Flags(), leaseStores, TimeProvider.System, loggers.CreateLogger<DhcpServer>());
        await server.StartAsync(CancellationToken.None);
        await server.Listening;
        return new LoopbackDhcpServer(server, options, client, options.DataDirectory);
    }

    /// <summary>Sends the request and returns the server's reply to it (same xid), within 10 s.</summary>
    public async Task<DhcpMessage> ExchangeAsync(DhcpMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _client.SendToAsync(DhcpMessageCodec.ToArray(request), _server);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[2048];
        while (true)
        {
            var received = await _client.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
            if (DhcpMessageCodec.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var reply, out _) && reply!.TransactionId == request.TransactionId)
            {
                return reply;
            }
        }
    }

    /// <summary>Two distinct ports nothing listens on right now (with SO_REUSEADDR the server would bind both listeners to one).</summary>
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
        _client.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
