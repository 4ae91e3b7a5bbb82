using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Hosting;
using PxeHost.Tftp;

namespace PxeHost.Tests.Telemetry;

/// <summary>
/// A server composed with an OTLP endpoint (serve --otlp-endpoint) sends each boot's spans to it: here a
/// collector's OTLP/HTTP route on loopback, which gets the trace in protobuf when the server stops.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_boot_s_spans_are_posted_to_the_otlp_endpoint()
    {
        var posted = new ConcurrentQueue<(string? ContentType, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            posted.Enqueue((context.Request.ContentType, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        var address = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var options = new PxeHostOptions
        {
            Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 },
            OtlpEndpoint = new Uri(address + "/v1/traces"),
        };
        var boot = BootTelemetryTests.IpxeBoot("52:54:00:77:00:03");
        using (var host = PxeHostApplication.Build(options, LogLevel.Warning))
        {
            await host.StartAsync();
            foreach (var e in boot.Events)
            {
                host.Services.GetRequiredService<BootEventStream>().Publish(e);
            }

            // Stopping ends the boot's root span; disposing the host flushes the exporter's batch.
            await host.StopAsync();
        }

        await collector.StopAsync();
        var sent = posted.ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, p => Assert.Equal("application/x-protobuf", p.ContentType));
        var bytes = sent.SelectMany(p => p.Body).ToArray();
        Assert.True(Contains(bytes, boot.Steps[0].Mac), "the MAC is a span attribute");
        Assert.True(Contains(bytes, "/vmlinuz"), "the kernel's fetch is a span");
        Assert.True(Contains(bytes, "pxehost"), "the service name is the resource's");
    }

    private static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
