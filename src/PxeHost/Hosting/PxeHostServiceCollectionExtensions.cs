using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Policy;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Http.Api;
using PxeHost.Http.Ui;
using PxeHost.Iso;
using PxeHost.Storage;
using PxeHost.Telemetry;
using PxeHost.Tftp;
using PxeHost.Timeline;

namespace PxeHost.Hosting;

/// <summary>The one composition of a PxeHost server, used by serve, boot, explain and the tests.</summary>
public static class PxeHostServiceCollectionExtensions
{
    /// <summary>Registers the boot policy and the services <paramref name="options"/> asks for (TFTP always; DHCP, the config watcher when given).</summary>
    public static IServiceCollection AddPxeHost(this IServiceCollection services, PxeHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(options.Tftp);
        services.AddSingleton(new BootUrls(options.HttpPort));
        services.AddSingleton<SeenClients>();
        services.TryAddSingleton(sp => new BootEventStream(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PxeHostMetrics(sp.GetService<IMeterFactory>()));
        if (options.Config is { } config)
        {
            // Profiles admins give machines through the API come before the file's machines, and outlive a restart.
            var assignments = new MachineAssignments(options.DataDirectory is { } kept ? Path.Combine(kept, MachineAssignments.FileName) : null);
            services.AddSingleton(new PlanSource(config.Plan, assignments));
            if (options.DataDirectory is { } data)
            {
                // Machines marked once: used up when they fetch their kernel, recorded in the data folder.
                services.AddSingleton(sp => new BootOnceRecord(Path.Combine(data, "boot-once.txt"), sp.GetRequiredService<BootEventStream>()));
                services.AddSingleton(sp => new BootOnce(sp.GetRequiredService<PlanSource>(), sp.GetRequiredService<BootOnceRecord>()));
                services.AddSingleton<BootOnceListener>();
                services.AddSupervised<BootOnceListener>();
            }
        }

        services.TryAddSingleton(new TimelineOptions());
        services.AddPxeHostTelemetry(options);
        if (options.DataDirectory is { } timeline)
        {
            // Every machine's boots, in their own file beside the leases: pxehost machines and pxehost timeline read it.
            services.AddSingleton(sp => new TimelineRecorder(sp.GetRequiredService<BootEventStream>(), timeline, sp.GetRequiredService<TimelineOptions>(),
                sp.GetRequiredService<ILogger<TimelineRecorder>>()));
            services.AddSupervised<TimelineRecorder>();
        }

        if (options.Images is { } images)
        {
            // The library's images: served from inside, watched for images dropped in or removed; without a plan, the menu.
            services.AddSingleton(images);
            services.AddSingleton(_ => new IsoFileSource(images));
            services.AddSingleton(sp => new IsoWatcher(images, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IsoWatcher>>()));
            services.AddSupervised<IsoWatcher>();
            if (options.Config is null && options.ImageMenu)
            {
                services.AddSingleton(new IsoMenuPlan(images));
            }
        }

        services.AddSingleton(BootPolicies.Create);
        services.AddSingleton(sp => FileChain.Create(options.Files.Root, options.Files.CaseInsensitive, options.Files.SystemFiles, sp.GetRequiredService<IBootPolicy>(),
            sp.GetService<IsoFileSource>()));
        services.AddSingleton<TftpServer>(sp => new TftpServer(
            options.Tftp, sp.GetRequiredService<FileChain>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TftpServer>>(),
            sp.GetRequiredService<BootEventStream>(), sp.GetRequiredService<PxeHostMetrics>()));
        services.AddSupervised<TftpServer>();
        if (options.Config is { } watched)
        {
            services.AddSingleton(sp => new ConfigWatcher(watched.File, watched, sp.GetRequiredService<PlanSource>(), sp.GetRequiredService<ILogger<ConfigWatcher>>(),
                options.Dhcp is { } started ? new DhcpReload(options.DhcpFlags, options.Interfaces, started, sp.GetRequiredService<DhcpServer>()) : null,
                sp.GetRequiredService<BootEventStream>(), PlanFileCheck.For(options.Files), options.Images));
            services.AddSupervised<ConfigWatcher>();
        }

        if (options.Http is not null)
        {
            // The API: transfers in progress are followed from start, its bodies are serialised by generated code.
            services.AddSingleton(sp => new TransferBoard(sp.GetRequiredService<BootEventStream>()));
            services.AddSupervised<TransferBoard>();
            services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
            services.AddOpenApi();
        }

        if (options.Dhcp is { } dhcp)
        {
            services.AddSingleton(dhcp);

            // The embedded store: leases.db in the data directory. A store shared by several servers registers its own factory first.
            services.TryAddSingleton<ILeaseStoreFactory>(sp => new SqliteLeaseStoreFactory(
                dhcp.DataDirectory, dhcp.Durability, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DhcpServer>>(), sp.GetRequiredService<PxeHostMetrics>()));
            services.AddSingleton(sp => new DhcpServer(dhcp, sp.GetRequiredService<IBootPolicy>(), sp.GetRequiredService<ILeaseStoreFactory>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DhcpServer>>(), sp.GetRequiredService<SeenClients>(),
                sp.GetRequiredService<BootEventStream>(), sp.GetRequiredService<PxeHostMetrics>()));
            services.AddSupervised<DhcpServer>();
        }

        return services;
    }

    /// <summary>
    /// Runs <typeparamref name="TService"/> (registered as a singleton) under the <see cref="ServiceSupervisor"/>:
    /// started with the host, started again when its work fails, the host stopped only when it keeps failing.
    /// </summary>
    public static IServiceCollection AddSupervised<TService>(this IServiceCollection services)
        where TService : BackgroundService
    {
        services.AddSingleton(new SupervisedService(typeof(TService).Name, sp => sp.GetRequiredService<TService>()));
        if (!services.Any(d => d.ServiceType == typeof(ServiceSupervisor)))
        {
            services.TryAddSingleton(new SupervisionOptions());
            services.AddSingleton<ServiceSupervisor>();
            services.AddHostedService(sp => sp.GetRequiredService<ServiceSupervisor>());
        }

        return services;
    }

    /// <summary>Maps the HTTP side (scripts and files) onto a web application built with <see cref="AddPxeHost"/>.</summary>
    public static WebApplication MapPxeHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<PxeHostOptions>();
        var http = options.Http ?? throw new InvalidOperationException("PxeHostOptions.Http is not set: this server has no HTTP side");
        var policy = app.Services.GetRequiredService<IBootPolicy>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PxeHost.Http");
        app.MapBootEndpoints(http, app.Services.GetRequiredService<FileChain>(), policy, logger);
        var token = AdminToken.Load(http.AdminTokenFile, options.DataDirectory);
        ApiLog.Token(logger, token);
        var api = new ApiServices(options.DataDirectory, app.Services.GetService<PlanSource>(), app.Services.GetService<BootOnceRecord>(), app.Services.GetService<DhcpServer>(),
            app.Services.GetService<TransferBoard>(), app.Services.GetRequiredService<BootEventStream>(), logger, app.Services.GetService<IsoCatalog>());
        app.MapApi(api, token);
        app.MapUi(api);
        app.MapOpenApi();

        // An explicit route: it wins over the boot tree's catch-all, so no file named "metrics" can shadow it.
        // Read-only like the boot tree: GET and HEAD only (the exporter's own route answers any method).
        app.MapPrometheusScrapingEndpoint(HttpBootEndpoints.MetricsPath).WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["GET", "HEAD"]));
        return app;
    }
}
