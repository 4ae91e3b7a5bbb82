using System.Net;
using PxeHost.Events;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>Where the server listens: the configured addresses only, with a receive buffer sized for bursts.</summary>
public sealed class TftpListenTests
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.4");

    [Fact]
    public async Task With_two_addresses_both_are_served_on_one_port_and_a_third_address_gets_no_answer()
    {
        await using var server = await TftpServerHarness.StartAsync(o => o with { ListenAddresses = [First, Second] });
        server.WriteFile("f", [1, 2, 3]);
        var port = server.Endpoint.Port;
        Assert.Equal([new IPEndPoint(First, port), new IPEndPoint(Second, port)], server.Server.Endpoints);

        using var client = new RawTftpClient();
        client.RequestRead(new IPEndPoint(Elsewhere, port), "f");
        client.RequestRead(new IPEndPoint(First, port), "f");

        // The kernel delivers in order: had anything listened on 127.0.0.4 (0.0.0.0), its answer would come first.
        var data = await client.ReceiveDataAsync();
        Assert.Equal(First, client.Transfer!.Address);
        Assert.Equal([1, 2, 3], data.Payload.ToArray());
        client.Ack(1);

        using var client2 = new RawTftpClient();
        client2.RequestRead(new IPEndPoint(Second, port), "f");
        Assert.Equal([1, 2, 3], (await client2.ReceiveDataAsync()).Payload.ToArray());
        Assert.Equal(Second, client2.Transfer!.Address);
        client2.Ack(1);

        await server.TransferLinesAsync(2);
        Assert.Equal(2, server.Metrics.Total(MetricNames.TftpTransfersStarted));
        Assert.Equal(2, server.Logs.WithEventId(LogEventIds.Tftp.Listening).Count());
    }

    [Fact]
    public async Task Any_still_listens_everywhere_and_answers_from_the_address_asked()
    {
        await using var server = await TftpServerHarness.StartAsync(o => o with { ListenAddresses = [IPAddress.Any] });
        server.WriteFile("f", [4]);
        using var client = new RawTftpClient();
        client.RequestRead(new IPEndPoint(Elsewhere, server.Endpoint.Port), "f");
        Assert.Equal([4], (await client.ReceiveDataAsync()).Payload.ToArray());
        Assert.Equal(Elsewhere, client.Transfer!.Address);
        client.Ack(1);
        await server.TransferLinesAsync(1);
    }

    [Fact]
    public async Task The_listening_socket_gets_the_receive_buffer_asked_even_past_the_kernels_rmem_max()
    {
        // 16 MiB is above the usual net.core.rmem_max (208 KiB by default, 4 MiB on tuned hosts): only
        // SO_RCVBUFFORCE, as root, gets it. The kernel reports twice the size set (socket(7)).
        const int asked = 16 * 1024 * 1024;
        await using var server = await TftpServerHarness.StartAsync(o => o with { ReceiveBufferBytes = asked });
        Assert.True(server.Server.ReceiveBufferBytes >= asked, $"receive buffer {server.Server.ReceiveBufferBytes} < {asked}");
        Assert.Contains("forced", Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.ReceiveBuffer)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_address_list_and_limits_below_one_are_refused_at_start()
    {
        var problems = TftpServerOptionsValidator.Validate(new TftpServerOptions { ListenAddresses = [], MaxTransfersPerClient = 0, FirstAckTimeout = TimeSpan.Zero });
        Assert.Equal(["listen", "tftp-max-transfers-per-client", "tftp-first-ack-timeout"], problems.Select(p => p.Key));
        Assert.Equal("listen", Assert.Single(TftpServerOptionsValidator.Validate(new TftpServerOptions { ListenAddresses = [IPAddress.Any, First] })).Key);
        Assert.Equal("listen", Assert.Single(TftpServerOptionsValidator.Validate(new TftpServerOptions { ListenAddresses = [First, First] })).Key);
    }
}
