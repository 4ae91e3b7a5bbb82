using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Events;

/// <summary>
/// The instruments dashboards read, counted by the real services on loopback: each DHCP request once in
/// <c>dhcp</c> by op and outcome (smee's <c>dhcp_total</c>), a DISCOVER's answer time, the pools in use,
/// TFTP and HTTP transfers and bytes by outcome, and the jobs in progress coming back to zero.
/// </summary>
public sealed class PxeHostMetricsTests : IDisposable
{
    private static readonly DhcpScope[] Loopback =
    [
        new DhcpScope
        {
            Network = IPAddress.Parse("127.0.0.0"),
            PrefixLength = 8,
            Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))],
        },
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("pxh-metrics-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Each_dhcp_request_counts_once_by_op_outcome_and_port_and_a_discover_its_answer_time()
    {
        await using var dhcp = await LoopbackDhcp.StartWithClientAsync(Loopback);
        using var requests = new MetricCollector<long>(dhcp.Server.Metrics.Meter, MetricNames.Dhcp);
        using var discoverTime = new MetricCollector<double>(dhcp.Server.Metrics.Meter, MetricNames.DiscoverDuration);
        using var jobs = new MetricCollector<long>(dhcp.Server.Metrics.Meter, MetricNames.Jobs);

        var discover = DhcpCaptures.Load("ovmf-pxe-discover");
        var offer = await dhcp.ExchangeAsync(discover);
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        var request = discover with { TransactionId = discover.TransactionId + 1 };
        request = request.With(DhcpOption.FromMessageType(DhcpMessageType.Request))
            .With(DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, offer.YourAddress))
            .With(DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, offer.GetAddress(DhcpOptionCode.ServerIdentifier)!));
        Assert.Equal(DhcpMessageType.Ack, (await dhcp.ExchangeAsync(request)).MessageType);

        // Counted after the send: the client may have the reply a moment before the count.
        await Eventually.TrueAsync(() => requests.GetMeasurementSnapshot().Count == 2, "both requests counted");
        var counted = requests.GetMeasurementSnapshot().Select(m => (m.Tags[MetricNames.OpTag], m.Tags[MetricNames.OutcomeTag], m.Tags[MetricNames.PortTag], m.Tags[MetricNames.GiaddrTag], m.Value));
        Assert.Equal([("DHCPDISCOVER", "offer", "67", "0.0.0.0", 1L), ("DHCPREQUEST", "ack", "67", "0.0.0.0", 1L)], counted);
        var answered = Assert.Single(discoverTime.GetMeasurementSnapshot());
        Assert.InRange(answered.Value, 0, 10);
        Assert.Equal("dhcp", answered.Tags[MetricNames.FromTag]);
        Assert.Equal(["DHCPDISCOVER", "DHCPREQUEST"], jobs.GetMeasurementSnapshot().Where(j => (string?)j.Tags[MetricNames.FromTag] == "dhcp").Select(j => j.Tags[MetricNames.OpTag]));

        // The pool gauges read the lease store at collection: one lease of the 51 addresses.
        using var used = new MetricCollector<long>(dhcp.Server.Metrics.Meter, MetricNames.DhcpPoolUsed);
        using var size = new MetricCollector<long>(dhcp.Server.Metrics.Meter, MetricNames.DhcpPoolSize);
        used.RecordObservableInstruments();
        size.RecordObservableInstruments();
        Assert.Equal((1L, "127.0.0.0/8"), (used.LastMeasurement!.Value, used.LastMeasurement.Tags[MetricNames.ScopeTag]));
        Assert.Equal((51L, "127.0.0.0/8"), (size.LastMeasurement!.Value, size.LastMeasurement.Tags[MetricNames.ScopeTag]));
    }

    [Fact]
    public async Task A_request_for_another_server_counts_as_ignored()
    {
        await using var dhcp = await LoopbackDhcp.StartWithClientAsync(Loopback);
        using var requests = new MetricCollector<long>(dhcp.Server.Metrics.Meter, MetricNames.Dhcp);
        var request = DhcpCaptures.Request("52:54:00:00:00:43", DhcpMessageType.Request,
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("127.9.9.9")),
            DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, IPAddress.Parse("127.0.0.120")));

        using var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        await client.SendToAsync(DhcpMessageCodec.ToArray(request), new IPEndPoint(IPAddress.Loopback, dhcp.ServerPort));

        await Eventually.TrueAsync(() => requests.GetMeasurementSnapshot().Count == 1, "the request counted");
        var counted = requests.LastMeasurement!;
        Assert.Equal(("DHCPREQUEST", "ignored"), (counted.Tags[MetricNames.OpTag], counted.Tags[MetricNames.OutcomeTag]));
    }

    [Fact]
    public async Task A_tftp_transfer_counts_its_bytes_by_outcome_and_a_read_job_that_ends()
    {
        await using var server = await TftpServerHarness.StartAsync();
        using var bytes = new MetricCollector<long>(server.Server.Metrics.Meter, MetricNames.TftpBytesSent);
        using var inProgress = new MetricCollector<long>(server.Server.Metrics.Meter, MetricNames.JobsInProgress);
        using var took = new MetricCollector<double>(server.Server.Metrics.Meter, MetricNames.JobsDuration);
        server.WriteFile("ipxe.efi", TftpServerHarness.RandomBytes(1200));
        using var client = new RawTftpClient();

        client.RequestRead(server.Endpoint, "ipxe.efi");
        for (ushort block = 1; block <= 3; block++)
        {
            await ReceiveBlockAsync(client, block);
            client.Ack(block);
        }

        await Eventually.TrueAsync(() => bytes.GetMeasurementSnapshot().Count == 1, "the transfer's bytes counted");
        Assert.Equal((1200L, "completed"), (bytes.LastMeasurement!.Value, bytes.LastMeasurement.Tags[MetricNames.TftpOutcomeTag]));
        Assert.Equal([1L, -1L], inProgress.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.All(inProgress.GetMeasurementSnapshot(), m => Assert.Equal(("tftp", "read"), (m.Tags[MetricNames.FromTag], m.Tags[MetricNames.OpTag])));
        Assert.Single(took.GetMeasurementSnapshot());
    }

    /// <summary>Block <paramref name="block"/>, past retransmissions of the one before (the server's timeout can beat a busy test's ACK).</summary>
    internal static async Task ReceiveBlockAsync(RawTftpClient client, ushort block)
    {
        var data = await client.ReceiveDataAsync();
        while (data.Block < block)
        {
            data = await client.ReceiveDataAsync();
        }

        Assert.Equal(block, data.Block);
    }

    [Fact]
    public async Task Http_requests_count_transfers_and_bytes_by_outcome_and_leave_none_under_way()
    {
        File.WriteAllText(Path.Combine(_root, "grub.cfg"), "set timeout=1\n");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(new BootEventStream(TimeProvider.System));
        builder.Services.AddSingleton(new PxeHostMetrics());
        await using var app = builder.Build();
        var meter = app.Services.GetRequiredService<PxeHostMetrics>().Meter;
        using var ended = new MetricCollector<long>(meter, MetricNames.HttpTransfersEnded);
        using var bytes = new MetricCollector<long>(meter, MetricNames.HttpBytesSent);
        using var active = new MetricCollector<long>(meter, MetricNames.HttpTransfersActive);
        app.MapBootEndpoints(new HttpBootOptions { ListenAddresses = [IPAddress.Loopback] }, FileChain.Create(_root), TestPolicies.Flags(), NullLogger.Instance);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        Assert.Equal("set timeout=1\n", await client.GetStringAsync(new Uri("/grub.cfg", UriKind.Relative)));
        using var missing = await client.GetAsync(new Uri("/missing.efi", UriKind.Relative));
        await app.StopAsync();

        Assert.Equal(["completed", "not_found"], ended.GetMeasurementSnapshot().Select(m => m.Tags[MetricNames.OutcomeTag]));
        Assert.Equal((14L, "completed"), (Assert.Single(bytes.GetMeasurementSnapshot()).Value, bytes.LastMeasurement!.Tags[MetricNames.OutcomeTag]));
        Assert.Equal(0, active.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
