using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PxeHost.Unix;

namespace PxeHost.Hosting;

/// <summary>Builds the host a server runs in: a web host when it has an HTTP side, else a plain generic host.</summary>
public static class PxeHostApplication
{
    /// <summary>The host for <paramref name="options"/>; <paramref name="services"/> registers more before the server's own (a clock, a service of a test's).</summary>
    public static IHost Build(PxeHostOptions options, LogLevel level, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Without HTTP there is no web host at all: an idle Kestrel would still bind localhost:5000.
        var builder = options.Http is null ? Host.CreateApplicationBuilder() : (IHostApplicationBuilder)WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // A refused start is reported once, as a sentence, by the caller; not again as a host stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var journal = SystemdJournal.IsStandardOutput();
        builder.Logging.AddConsole(console => console.FormatterName = ConsoleLineFormatter.FormatterName)
            .AddConsoleFormatter<ConsoleLineFormatter, ConsoleLineOptions>(console =>
            {
                console.TimestampFormat = journal ? null : "HH:mm:ss.fff ";
                console.UseUtcTimestamp = true;
                console.ShowCategory = level <= LogLevel.Debug;
                console.SyslogPriority = journal;
            });

        // Under systemd (Type=notify): READY=1 once every service has started, STOPPING=1 at SIGTERM; a no-op
        // elsewhere. It also chooses systemd's console formatter; ours stays, saying the priority the same way.
        builder.Services.AddSystemd();
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = ConsoleLineFormatter.FormatterName);
        services?.Invoke(builder.Services);
        builder.Services.AddPxeHost(options);
        if (builder is not WebApplicationBuilder web)
        {
            return ((HostApplicationBuilder)builder).Build();
        }

        web.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in options.Http!.ListenAddresses)
            {
                kestrel.Listen(address, options.Http.Port);
            }
        });
        return web.Build().MapPxeHost();
    }

    /// <summary>
    /// Runs the host until it stops (Ctrl-C, SIGTERM, or a service that kept failing) and returns the
    /// services that stopped it: those the <see cref="ServiceSupervisor"/> gave up on, and any other
    /// background service whose work ended in an exception. Either stops the host as if on purpose: the
    /// caller must look at these to exit non-zero, so that a supervisor (systemd's Restart=on-failure)
    /// brings the network's boot server back. The host is not disposed here.
    /// </summary>
    public static async Task<IReadOnlyList<(string Service, Exception Error)>> RunAsync(IHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var services = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PxeHostApplication));
        var (user, capabilities) = (UnixAccount.Current, ProcessCapabilities.Effective());
        HostLog.RunningAs(logger, user, capabilities);

        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        var supervised = host.Services.GetService<ServiceSupervisor>()?.Faults ?? [];
        return services
            .Where(s => s.ExecuteTask is { IsFaulted: true })
            .Select(s => (s.GetType().Name, (Exception)s.ExecuteTask!.Exception!.GetBaseException()))
            .Concat(supervised)
            .ToList();
    }
}
