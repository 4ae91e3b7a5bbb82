using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PxeHost.Events;
using PxeHost.Hosting;
using PxeHost.Timeline;

namespace PxeHost.Telemetry;

/// <summary>The server's metrics and traces: the boot telemetry reader, the Prometheus exporter behind <c>/metrics</c>, OTLP traces when asked for.</summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "pxehost";

    public static IServiceCollection AddPxeHostTelemetry(this IServiceCollection services, PxeHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OtlpEndpoint is not null)
        {
            services.TryAddSingleton<BootTracer>();
        }

        services.AddSingleton(sp => new BootTelemetry(sp.GetRequiredService<BootEventStream>(), sp.GetRequiredService<PxeHostMetrics>(),
            sp.GetRequiredService<TimelineOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<BootTracer>()));
        services.AddSupervised<BootTelemetry>();
        if (options.Http is null && options.OtlpEndpoint is null)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(ServiceName));
        if (options.Http is not null)
        {
            // Every scrape reads the instruments now: a cached answer would hide the request just served.
            telemetry.WithMetrics(metrics => metrics.AddMeter(MetricNames.Meter).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        }

        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(BootTracer.ActivitySourceName).AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = endpoint.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            }));
        }

        return services;
    }
}
