using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Http;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tftp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Http.Api;

/// <summary>
/// The whole server as serve composes it (<see cref="PxeHostApplication.Build"/>): HTTP on a free port
/// of 127.0.0.1, TFTP, full DHCP on "lo" (unprivileged ports) with a client socket at 127.0.0.100, a
/// plan from pxehost.yaml (profiles alpha and beta, a menu, one machine), and a data folder of its own.
/// </summary>
public sealed class ApiHarness : IAsyncDisposable
{
    public const string KnownMac = "52:54:00:00:00:01";

    public const string Plan = """
        profiles:
          alpha:
            title: Alpha Linux
            kernel: alpha/vmlinuz
            cmdline: console=ttyS0
          beta:
            title: Beta Linux
            kernel: beta/vmlinuz
          disk:
            local: true
        menus:
          main:
            title: Choose
            entries: [alpha, beta, disk]
        machines:
          - mac: 52:54:00:00:00:01
            hostname: known
            boot: alpha
        defaults:
          boot: alpha
          loader: ipxe
        """;

    private readonly IHost _host;
    private readonly Socket _client;

    private ApiHarness(IHost host, Socket client, string folder, CapturingLoggerProvider logs, Uri address, int dhcpPort)
    {
        _host = host;
        _client = client;
        Folder = folder;
        Logs = logs;
        DhcpPort = dhcpPort;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public string Folder { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    public string ConfigFile => Path.Combine(Folder, "pxehost.yaml");

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _host.Services;

    public BootEventStream Events => Services.GetRequiredService<BootEventStream>();

    public int DhcpPort { get; }

    /// <summary>The token the server generated in its data folder.</summary>
    public string Token => File.ReadAllText(Path.Combine(DataDirectory, "admin-token")).Trim();

    /// <param name="tokenFile">The admin token's file, else the server makes one in its data folder.</param>
    /// <param name="images">The images in force (serve always has a library; null runs without one).</param>
    public static async Task<ApiHarness> StartAsync(string? tokenFile = null, PxeHost.Iso.IsoCatalog? images = null)
    {
        var folder = Directory.CreateTempSubdirectory("pxh-api-").FullName;
        var root = Path.Combine(folder, "root");
        Directory.CreateDirectory(Path.Combine(root, "alpha"));
        Directory.CreateDirectory(Path.Combine(root, "beta"));
        File.WriteAllText(Path.Combine(root, "alpha", "vmlinuz"), "alpha kernel");
        File.WriteAllText(Path.Combine(root, "beta", "vmlinuz"), "beta kernel");
        var configFile = Path.Combine(folder, "pxehost.yaml");
        File.WriteAllText(configFile, Plan);
        var config = ConfigLoader.Load(configFile, out var errors) ?? throw new InvalidOperationException(string.Join('\n', errors));

        // The DHCP client: replies to a renewing client go to ciaddr, 127.0.0.100.
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.100"), 0));
        var (serverPort, bootServerPort) = LoopbackDhcp.FreeUdpPorts();
        var data = Path.Combine(folder, "data");
        var options = new PxeHostOptions
        {
            Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 },
            Files = new FileTreeOptions { Root = root },
            Http = new HttpBootOptions { Port = 0, ListenAddresses = [IPAddress.Loopback], AdminTokenFile = tokenFile },
            HttpPort = 8080,
            Config = config,
            DataDirectory = data,
            Images = images,
            Dhcp = new DhcpServerOptions
            {
                Mode = DhcpMode.Full,
                Interfaces = ["lo"],
                Scopes = [new DhcpScope
                {
                    Network = IPAddress.Parse("127.0.0.0"),
                    PrefixLength = 8,
                    Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))],
                }],
                DataDirectory = data,
                ServerPort = serverPort,
                BootServerPort = bootServerPort,
                ClientPort = ((IPEndPoint)client.LocalEndPoint!).Port,
                ProbeForOtherServers = false,
            },
        };
        var logs = new CapturingLoggerProvider();
        var host = PxeHostApplication.Build(options, LogLevel.Information, services => services.AddSingleton<ILoggerProvider>(logs));
        await host.StartAsync();
        await host.Services.GetRequiredService<DhcpServer>().Listening;
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ApiHarness(host, client, folder, logs, new Uri(address), serverPort);
    }

    /// <summary>A request with the admin token (or <paramref name="authorization"/> as the Authorization header; none when empty).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body = null, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body };
        var header = authorization ?? "Bearer " + Token;
        if (header.Length > 0)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(header);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>A client at 127.0.0.100 renewing that address (RFC 2131 §4.3.2): the server grants it, and its DHCP steps go on the timeline.</summary>
    public async Task<DhcpMessage> LeaseAsync(string mac)
    {
        var request = DhcpCaptures.Request(mac, DhcpMessageType.Request) with { ClientAddress = IPAddress.Parse("127.0.0.100"), TransactionId = 0x4242 };
        return await LoopbackDhcp.ExchangeAsync(_client, DhcpPort, request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        _host.Dispose();
        _client.Dispose();
        Directory.Delete(Folder, recursive: true);
        var errors = Logs.Lines.Where(l => l.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "the server logged errors: " + string.Join("; ", errors.Select(e => e.Message + " " + e.Exception)));
    }
}
