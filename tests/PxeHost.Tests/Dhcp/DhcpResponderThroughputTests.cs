using PxeHost.Events;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Tests.Support;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Storage;
using Xunit.Abstractions;

namespace PxeHost.Tests.Dhcp;

/// <summary>
/// How many DISCOVER + REQUEST pairs a second the responder decides through the SQLite lease store
/// with 64 clients, each waiting for its OFFER and then its ACK (which waits for the commit), as a
/// perfdhcp run does without sockets. Reported, not asserted: the figure depends on the machine. Run
/// with <c>--logger "console;verbosity=detailed"</c> to see it.
/// </summary>
public sealed class DhcpResponderThroughputTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 64;
    private const int LeasesPerClient = 500;
    private static readonly IPAddress Server = IPAddress.Parse("10.0.0.1");

    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.0.0.0"),
        PrefixLength = 12,
        Ranges = [new DhcpRange(IPAddress.Parse("10.0.1.0"), IPAddress.Parse("10.15.255.254"))],
    };

    private readonly LeaseStoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(LeaseDurability.Process)]
    [InlineData(LeaseDurability.PowerLoss)]
    public async Task Sixty_four_clients_report_discover_request_pairs_per_second(LeaseDurability durability)
    {
        await using var store = await SqliteLeaseStore.OpenAsync(
            _data.Directory, durability, new LeaseAllocationOptions { Scopes = [Scope] }, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        using var metrics = new MetricReader(store.Metrics);
        var responder = new DhcpResponder([Scope], store, TestPolicies.Flags());
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < LeasesPerClient; i++)
            {
                var n = (c * LeasesPerClient) + i;
                var mac = new PhysicalAddress([0x52, 0x54, 0, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
                var discover = new DhcpMessage
                {
                    ClientHardwareAddress = mac.GetAddressBytes(),
                    TransactionId = (uint)n,
                    Options = [DhcpOption.FromMessageType(DhcpMessageType.Discover)],
                };
                var offer = await responder.RespondAsync(discover, Server, Scope);
                var request = discover with
                {
                    Options =
                    [
                        DhcpOption.FromMessageType(DhcpMessageType.Request),
                        DhcpOption.FromAddresses(DhcpOptionCode.RequestedIpAddress, offer.Reply!.YourAddress),
                        DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, Server),
                    ],
                };
                var ack = await responder.RespondAsync(request, Server, Scope);
                Assert.Equal(DhcpMessageType.Ack, ack.ReplyType);
            }
        })));
        clock.Stop();

        var pairs = Clients * LeasesPerClient;
        Assert.Equal(pairs, metrics.Total(MetricNames.LeaseStoreLeasesWritten));
        output.WriteLine($"responder + SQLite lease store ({durability}): {pairs / clock.Elapsed.TotalSeconds:N0} DISCOVER+REQUEST/s with {Clients} clients; "
            + $"{pairs} in {clock.ElapsedMilliseconds} ms, {metrics.Total(MetricNames.LeaseStoreCommits)} commits");
    }
}
