using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Hosting;
using PxeHost.Tftp;
using PxeHost.Timeline;

namespace PxeHost.Tests.Timeline;

/// <summary>A server with a data folder records its machines' boots there, in timeline.db; stopping writes what is queued.</summary>
public sealed class TimelineHostingTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("pxh-timeline-host-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_server_with_a_data_folder_records_boots_in_timeline_db()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPxeHost(new PxeHostOptions { Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 }, DataDirectory = _data });
        using var host = builder.Build();
        await host.StartAsync();

        var boot = new BootSequence().Discover().Offer("snponly.efi");
        foreach (var e in boot.Events)
        {
            host.Services.GetRequiredService<BootEventStream>().Publish(e);
        }

        await host.StopAsync();

        var stored = Assert.Single(TimelineDatabase.ReadLastBoots(Path.Combine(_data, TimelineDatabase.FileName)));
        Assert.Equal(boot.Steps, stored.Steps);
    }
}
