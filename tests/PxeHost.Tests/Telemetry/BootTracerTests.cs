using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PxeHost.Events;
using PxeHost.Telemetry;
using PxeHost.Tests.Support;
using PxeHost.Tests.Timeline;
using PxeHost.Timeline;

namespace PxeHost.Tests.Telemetry;

/// <summary>
/// With a trace exporter listening, a machine boot published on the event stream is one trace: a root
/// <c>boot</c> span over the whole boot and a child span for each DHCP exchange, TFTP transfer and HTTP
/// request, with the times the events carry, exported (here to memory) once the server stops.
/// </summary>
public sealed class BootTracerTests
{
    [Fact]
    public async Task A_boot_published_on_the_stream_is_one_trace_with_its_steps_as_child_spans_in_order()
    {
        var spans = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(BootTracer.ActivitySourceName).AddInMemoryExporter(spans).Build();
        using var tracer = new BootTracer();
        using var metrics = new PxeHostMetrics();
        var stream = new BootEventStream(TimeProvider.System);
        using var telemetry = new BootTelemetry(stream, metrics, new TimelineOptions(), TimeProvider.System, tracer);
        var boot = BootTelemetryTests.IpxeBoot("52:54:00:77:00:01");

        await telemetry.StartAsync(CancellationToken.None);
        foreach (var e in boot.Events)
        {
            stream.Publish(e);
        }

        await telemetry.StopAsync(CancellationToken.None);

        // Other tests may trace too: this boot's spans are those of its MAC.
        var mine = spans.Where(s => (string?)s.GetTagItem("pxehost.mac") == boot.Steps[0].Mac).ToList();
        var root = Assert.Single(mine, s => s.DisplayName == "boot");
        Assert.Single(mine.Select(s => s.TraceId).Distinct());
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal((boot.Events[0].Time.UtcDateTime, boot.Events[^1].Time.UtcDateTime), (root.StartTimeUtc, root.StartTimeUtc + root.Duration));

        var children = mine.Where(s => s != root).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.All(children, c => Assert.Equal(root.SpanId, c.ParentSpanId));
        Assert.Equal(["DHCP DISCOVER", "DHCP REQUEST", "TFTP RRQ", "HTTP GET", "HTTP GET", "HTTP GET"], children.Select(c => c.DisplayName));
        Assert.Equal(["snponly.efi", "/boot/52-54-00-12-34-56.ipxe", "/vmlinuz", "/initrd.img"], children.Skip(2).Select(c => (string?)c.GetTagItem("pxehost.file")));

        // A span lasts from the request to its answer: the DISCOVER at 7 ms, its OFFER at 14.
        var discover = children[0];
        Assert.Equal((boot.Events[0].Time.UtcDateTime, TimeSpan.FromMilliseconds(7)), (discover.StartTimeUtc, discover.Duration));
        Assert.Equal("Offer", discover.GetTagItem("dhcp.reply"));
        Assert.All(children, c => Assert.Equal(ActivityStatusCode.Unset, c.Status));
    }

    [Fact]
    public async Task A_boot_quiet_for_the_quiet_gap_has_its_root_span_ended_while_the_server_runs()
    {
        var spans = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(BootTracer.ActivitySourceName).AddInMemoryExporter(spans).Build();
        using var tracer = new BootTracer();
        using var metrics = new PxeHostMetrics();
        var time = new ManualTimeProvider();
        using var telemetry = new BootTelemetry(new BootEventStream(time), metrics, new TimelineOptions(), time, tracer);
        var boot = new BootSequence("52:54:00:77:00:04", time.GetUtcNow()).Discover().Offer("snponly.efi");
        await telemetry.StartAsync(CancellationToken.None);
        foreach (var e in boot.Events)
        {
            telemetry.Observe(e);
        }

        bool RootEnded() => spans.Any(s => s.DisplayName == "boot" && (string?)s.GetTagItem("pxehost.mac") == boot.Steps[0].Mac);
        time.Advance(TimeSpan.FromSeconds(45));
        Assert.False(RootEnded());

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(RootEnded());
        await telemetry.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_refused_transfer_is_a_span_with_an_error_status()
    {
        var spans = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(BootTracer.ActivitySourceName).AddInMemoryExporter(spans).Build();
        using var tracer = new BootTracer();
        using var metrics = new PxeHostMetrics();
        var stream = new BootEventStream(TimeProvider.System);
        using var telemetry = new BootTelemetry(stream, metrics, new TimelineOptions(), TimeProvider.System, tracer);
        var boot = new BootSequence("52:54:00:77:00:02").Discover().ProxyOffer("snponly.efi").TftpRefused("snponly.efi", "not found in root");

        await telemetry.StartAsync(CancellationToken.None);
        foreach (var e in boot.Events)
        {
            stream.Publish(e);
        }

        await telemetry.StopAsync(CancellationToken.None);

        var refused = Assert.Single(spans, s => (string?)s.GetTagItem("pxehost.mac") == boot.Steps[0].Mac && s.DisplayName == "TFTP RRQ");
        Assert.Equal((ActivityStatusCode.Error, "not found in root"), (refused.Status, refused.StatusDescription));
    }
}
