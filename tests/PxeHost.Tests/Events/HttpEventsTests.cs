using PxeHost.Files;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Events;
using PxeHost.Http;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Events;

/// <summary>
/// HTTP requests on a real Kestrel at 127.0.0.1 are published as started and ended, under the MAC
/// that holds the client's address, and counted by status on the host's meter (from IMeterFactory).
/// </summary>
public sealed class HttpEventsTests : IDisposable
{
    private static readonly System.Net.NetworkInformation.PhysicalAddress Mac = DhcpCaptures.Mac("52:54:00:ab:cd:ef");
    private readonly string _root = Directory.CreateTempSubdirectory("pxh-http-events-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Requests_are_published_with_status_reason_and_mac_and_counted_by_status()
    {
        File.WriteAllText(Path.Combine(_root, "grub.cfg"), "set timeout=1\n");
        var stream = new BootEventStream(TimeProvider.System);
        stream.Clients.Record(IPAddress.Loopback, Mac);
        using var events = stream.Subscribe();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(stream);
        builder.Services.AddSingleton(sp => new PxeHostMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        await using var app = builder.Build();
        using var metrics = new MetricReader(app.Services.GetRequiredService<PxeHostMetrics>());
        app.MapBootEndpoints(new HttpBootOptions { ListenAddresses = [IPAddress.Loopback] }, FileChain.Create(_root), TestPolicies.Flags(), NullLogger.Instance);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        Assert.Equal("set timeout=1\n", await client.GetStringAsync(new Uri("/grub.cfg", UriKind.Relative)));
        using var missing = await client.GetAsync(new Uri("/missing.efi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await app.StopAsync();

        var started = await events.NextAsync<HttpRequestStarted>();
        Assert.Equal((Mac, "GET", "/grub.cfg"), (started.Mac, started.Method, started.Path));
        var served = await events.NextAsync<HttpRequestEnded>();
        Assert.Equal((Mac, "/grub.cfg", 200, (long?)14, string.Empty), (served.Mac, served.Path, served.Status, served.Bytes, served.Reason));
        var refused = await events.NextAsync<HttpRequestEnded>();
        Assert.Equal(("/missing.efi", 404), (refused.Path, refused.Status));
        Assert.StartsWith("not found in root ", refused.Reason, StringComparison.Ordinal);

        Assert.Equal(2, metrics.Total(MetricNames.HttpRequests));
        Assert.Equal(1, metrics.Total(MetricNames.HttpRequests, MetricNames.HttpStatusTag, 200));
        Assert.Equal(1, metrics.Total(MetricNames.HttpRequests, MetricNames.HttpStatusTag, 404));
    }
}
