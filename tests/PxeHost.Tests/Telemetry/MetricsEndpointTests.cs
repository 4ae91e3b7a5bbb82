using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Http;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Telemetry;

/// <summary>
/// The server as serve composes it, on loopback: after a real DHCP exchange and a real TFTP transfer,
/// <c>GET /metrics</c> on its Kestrel answers Prometheus text with them counted (OpenTelemetry's exporter),
/// and the scrape is no boot step of anyone.
/// </summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pxh-metrics-endpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Get_metrics_answers_prometheus_text_with_the_dhcp_and_tftp_counts_after_real_traffic()
    {
        var root = Directory.CreateDirectory(Path.Combine(_folder, "root")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(root, "payload.bin"), TftpServerHarness.RandomBytes(1200));
        using var dhcpClient = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        dhcpClient.Bind(new IPEndPoint(IPAddress.Any, 0));
        var (serverPort, bootServerPort) = FreeUdpPorts();
        var options = new PxeHostOptions
        {
            Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 },
            Files = new FileTreeOptions { Root = root },
            Dhcp = new DhcpServerOptions
            {
                Interfaces = ["lo"],
                Scopes = [new DhcpScope { Network = IPAddress.Parse("127.0.0.0"), PrefixLength = 8, Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))] }],
                DataDirectory = _folder,
                ServerPort = serverPort,
                BootServerPort = bootServerPort,
                ClientPort = ((IPEndPoint)dhcpClient.LocalEndPoint!).Port,
                ProbeForOtherServers = false,
            },
            Http = new HttpBootOptions { Port = 0, ListenAddresses = [IPAddress.Loopback] },
            DataDirectory = _folder,
        };
        using var host = PxeHostApplication.Build(options, LogLevel.Warning);
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<DhcpServer>().Listening;
            var offer = await LoopbackDhcp.ExchangeAsync(dhcpClient, serverPort, DhcpCaptures.Load("ovmf-pxe-discover"));
            Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
            using var transfers = host.Services.GetRequiredService<BootEventStream>().Subscribe(e => e is TftpTransferEnded);
            using var tftp = new RawTftpClient();
            await FetchAsync(tftp, await host.Services.GetRequiredService<TftpServer>().Listening, "payload.bin", blocks: 3);

            // Counted as the transfer ends, a moment after the client's last ACK, and before the end is published.
            Assert.Equal(TftpTransferOutcome.Completed, (await transfers.NextAsync<TftpTransferEnded>()).Outcome);
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            using var response = await http.GetAsync(new Uri(HttpBootEndpoints.MetricsPath, UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(Series(text, "pxehost_tftp_transfers_ended_total", "tftp_outcome=\"completed\"") >= 1, text);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            Assert.True(Series(text, "dhcp_total", "op=\"DHCPDISCOVER\"", "outcome=\"offer\"", "port=\"67\"") >= 1, text);
            Assert.True(Series(text, "discover_duration_seconds_count", "from=\"dhcp\"") >= 1, text);
            Assert.Contains("discover_duration_seconds_bucket{", text, StringComparison.Ordinal);
            Assert.True(Series(text, "jobs_total", "from=\"tftp\"", "op=\"read\"") >= 1, text);
            Assert.True(Series(text, "pxehost_tftp_bytes_sent_bytes_total", "tftp_outcome=\"completed\"") >= 1200, text);
            Assert.True(Series(text, "pxehost_dhcp_pool_size", "scope=\"127.0.0.0/8\"") >= 51, text);
            Assert.True(Series(text, "pxehost_boots_total") >= 1, text);

            // Scrapes are not HTTP boot steps of any machine.
            Assert.Empty(host.Services.GetRequiredService<BootEventStream>().Recent(e => e is HttpRequestStarted));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>The largest value of the series of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>; -1 when none.</summary>
    private static double Series(string text, string metric, params string[] labels)
    {
        var values = text.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        return values.Count == 0 ? -1 : values.Max();
    }

    private static async Task FetchAsync(RawTftpClient client, IPEndPoint server, string file, int blocks)
    {
        client.RequestRead(server, file);
        for (ushort block = 1; block <= blocks; block++)
        {
            await PxeHost.Tests.Events.PxeHostMetricsTests.ReceiveBlockAsync(client, block);
            client.Ack(block);
        }
    }

    private static (int ServerPort, int BootServerPort) FreeUdpPorts()
    {
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new IPEndPoint(IPAddress.Any, 0));
        second.Bind(new IPEndPoint(IPAddress.Any, 0));
        return (((IPEndPoint)first.LocalEndPoint!).Port, ((IPEndPoint)second.LocalEndPoint!).Port);
    }
}
