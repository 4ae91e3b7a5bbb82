using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Hosting;
using PxeHost.Tftp;

namespace PxeHost.Tests.Hosting;

/// <summary>
/// A service that fails stops the host, and the host's run returns as if stopped on purpose; the
/// faults are what tells the two apart (serve then exits 1, so a supervisor restarts it).
/// </summary>
public sealed class PxeHostApplicationTests
{
    [Fact]
    public async Task A_faulted_service_is_named_after_the_host_stops()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPxeHost(new PxeHostOptions { Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 } });
        builder.Services.AddHostedService<Failing>();
        using var host = builder.Build();

        var faults = await PxeHostApplication.RunAsync(host, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var (service, error) = Assert.Single(faults);
        Assert.Equal(nameof(Failing), service);
        Assert.Equal("the socket went away", error.Message);
    }

    [Fact]
    public async Task A_host_stopped_on_purpose_has_no_faults()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPxeHost(new PxeHostOptions { Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 } });
        using var host = builder.Build();
        using var stop = new CancellationTokenSource();
        var run = PxeHostApplication.RunAsync(host, stop.Token);
        await host.Services.GetRequiredService<TftpServer>().Listening;

        await stop.CancelAsync();

        Assert.Empty(await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private sealed class Failing : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new IOException("the socket went away");
        }
    }
}
