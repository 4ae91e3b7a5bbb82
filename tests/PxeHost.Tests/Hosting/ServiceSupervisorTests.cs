using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Hosting;

/// <summary>
/// One failing service does not take the server down: it is logged, counted and started again after a
/// backoff while the real TFTP and DHCP services keep answering; only a service that keeps failing
/// stops the host, named, so serve exits 1. The failing service is a test's own, in the host
/// <see cref="PxeHostApplication"/> builds.
/// </summary>
public sealed class ServiceSupervisorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pxehost-supervisor-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    public ServiceSupervisorTests() => File.WriteAllText(Path.Combine(_root, "hello.txt"), "hello");

    public void Dispose()
    {
        _logs.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_failing_service_is_started_again_after_a_growing_delay_while_tftp_keeps_serving()
    {
        var time = new ManualTimeProvider();
        var flaky = new Flaky(faults: 2);
        using var host = Build(Options(), time, flaky);
        using var metrics = new MetricReader(host.Services.GetRequiredService<PxeHostMetrics>());
        using var stop = new CancellationTokenSource();
        var run = PxeHostApplication.RunAsync(host, stop.Token);
        var tftp = await host.Services.GetRequiredService<TftpServer>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

        // Down after its first fault, waiting one second to start again: TFTP answers meanwhile.
        await Eventually.TrueAsync(() => time.ArmedTimers == 1, "the first restart to be scheduled");
        Assert.Equal("hello", await FetchAsync(tftp));
        Assert.Equal(1, flaky.Runs);

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => flaky.Runs == 2 && time.ArmedTimers == 1, "the second fault and its restart to be scheduled");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, flaky.Runs);
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => flaky.Runs == 3, "the third run");

        var faulted = _logs.WithEventId(7000).Select(l => l.Message).ToList();
        Assert.Equal(
            ["Flaky failed: the listener went away; starting it again in 00:00:01 (1 fault(s) within 00:01:00)",
             "Flaky failed: the listener went away; starting it again in 00:00:02 (2 fault(s) within 00:01:00)"],
            faulted);
        Assert.Equal(2, _logs.WithEventId(7001).Count());
        Assert.Equal(2, metrics.Total(MetricNames.ServiceRestarts, MetricNames.ServiceTag, "Flaky"));
        Assert.Equal("hello", await FetchAsync(tftp));
        Assert.False(run.IsCompleted);

        await stop.CancelAsync();
        Assert.Empty(await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_service_that_fails_five_times_within_a_minute_stops_the_host_and_is_named()
    {
        var time = new ManualTimeProvider();
        var failing = new Flaky(faults: int.MaxValue);
        using var host = Build(Options(), time, failing);
        var run = PxeHostApplication.RunAsync(host, CancellationToken.None);
        await host.Services.GetRequiredService<TftpServer>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

        // Restarts after 1, 2, 4 and 8 s: the fifth fault comes 15 s after the first.
        for (var fault = 1; fault <= 4; fault++)
        {
            await Eventually.TrueAsync(() => failing.Runs == fault && time.ArmedTimers == 1, $"fault {fault} and its restart to be scheduled");
            time.Advance(TimeSpan.FromSeconds(1 << (fault - 1)));
        }

        var (service, error) = Assert.Single(await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("Flaky", service);
        Assert.Equal("the listener went away", error.Message);
        Assert.Equal(5, failing.Runs);
        Assert.Equal("Flaky failed 5 times within 00:01:00: stopping the server", Assert.Single(_logs.WithEventId(7002)).Message);
    }

    [Fact]
    public async Task Dhcp_keeps_answering_while_another_service_fails_and_is_started_again()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Any, 0));
        var data = Directory.CreateTempSubdirectory("pxehost-supervisor-dhcp-").FullName;
        var dhcp = LoopbackOptions(((IPEndPoint)client.LocalEndPoint!).Port, data);
        var failing = new Flaky(faults: int.MaxValue);
        var quick = new SupervisionOptions { MaxFaults = int.MaxValue, FirstDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10) };
        try
        {
            using var host = Build(Options() with { Dhcp = dhcp, DataDirectory = data }, TimeProvider.System, failing, quick);
            using var stop = new CancellationTokenSource();
            var run = PxeHostApplication.RunAsync(host, stop.Token);
            await host.Services.GetRequiredService<DhcpServer>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

            // Every DISCOVER is answered while the other service fails and is started again, over and over.
            var answered = 0;
            var restartsBefore = Restarts();
            for (var xid = 1u; Restarts() < restartsBefore + 5 || answered < 5; xid++)
            {
                var offer = await LoopbackDhcp.ExchangeAsync(client, dhcp.ServerPort, DhcpCaptures.Request("52:54:00:00:00:71", DhcpMessageType.Discover) with { TransactionId = xid });
                Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
                answered++;
            }

            Assert.Empty(_logs.WithEventId(7002));
            await stop.CancelAsync();
            Assert.Empty(await run.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Tftp_started_again_listens_on_the_port_it_had()
    {
        using var host = Build(Options(), TimeProvider.System, new Flaky(faults: 0));
        var tftp = host.Services.GetRequiredService<TftpServer>();
        await host.StartAsync();
        var endpoint = await tftp.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("hello", await FetchAsync(endpoint));

        // What the supervisor does after a fault: the service's work ended, and it is started again.
        await tftp.StopAsync(CancellationToken.None);
        await tftp.StartAsync(CancellationToken.None);

        Assert.Equal("hello", await FetchAsync(endpoint).WaitAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();
    }

    private int Restarts() => _logs.WithEventId(7001).Count();

    private PxeHostOptions Options() => new()
    {
        Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 },
        Files = new FileTreeOptions { Root = _root },
    };

    private IHost Build(PxeHostOptions options, TimeProvider time, Flaky flaky, SupervisionOptions? supervision = null) =>
        PxeHostApplication.Build(options, LogLevel.Warning, services =>
        {
            services.AddSingleton(time);
            services.AddSingleton<ILoggerProvider>(_logs);
            services.AddSingleton(supervision ?? new SupervisionOptions());
            services.AddSingleton(flaky);
            services.AddSupervised<Flaky>();
        });

    private static DhcpServerOptions LoopbackOptions(int clientPort, string data)
    {
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new IPEndPoint(IPAddress.Any, 0));
        second.Bind(new IPEndPoint(IPAddress.Any, 0));
        return new DhcpServerOptions
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
            DataDirectory = data,
            ServerPort = ((IPEndPoint)first.LocalEndPoint!).Port,
            ClientPort = clientPort,
            BootServerPort = ((IPEndPoint)second.LocalEndPoint!).Port,
            ProbeForOtherServers = false,
        };
    }

    private static async Task<string> FetchAsync(IPEndPoint server)
    {
        using var client = new RawTftpClient();
        client.RequestRead(server, "hello.txt");
        var data = await client.ReceiveDataAsync();
        client.Ack(data.Block);
        return System.Text.Encoding.ASCII.GetString(data.Payload.Span);
    }

    /// <summary>A service whose first <c>faults</c> runs fail as a listener whose socket went away would; later runs work until stopped.</summary>
    private sealed class Flaky(int faults) : BackgroundService
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            if (Interlocked.Increment(ref _runs) <= faults)
            {
                throw new IOException("the listener went away");
            }

            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
