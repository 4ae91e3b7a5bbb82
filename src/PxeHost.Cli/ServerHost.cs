using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Tftp;

namespace PxeHost.Cli;

/// <summary>Runs the services a command asked for — TFTP always, DHCP and HTTP when configured — until Ctrl-C or SIGTERM.</summary>
internal static class ServerHost
{
    public static async Task<int> RunAsync(
        string command, TftpServerOptions tftp, FileChain files, DhcpServerOptions? dhcp, HttpBootOptions? http, BootPlanner planner, LogLevel level, CancellationToken cancellationToken,
        ServerHost.ConfigWatch? watch = null, SeenClients? seen = null, PlanBootFiles? plan = null)
    {
        // Without HTTP there is no web host at all: an idle Kestrel would still bind localhost:5000.
        var builder = http is null ? Host.CreateApplicationBuilder() : (IHostApplicationBuilder)WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // A refused start is reported once, as a sentence, by RunAsync; not again as a host stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(tftp);
        builder.Services.AddSingleton(files);
        builder.Services.AddSingleton(planner);
        builder.Services.AddSingleton<TftpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TftpServer>());
        if (watch is not null)
        {
            builder.Services.AddHostedService(sp => new ConfigWatcher(watch.File, watch.Started, watch.Plans, sp.GetRequiredService<ILogger<ConfigWatcher>>()));
        }

        if (dhcp is not null)
        {
            builder.Services.AddSingleton(dhcp);
            builder.Services.AddSingleton(sp => new DhcpServer(dhcp, planner, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DhcpServer>>(), seen));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DhcpServer>());
        }

        IHost app;
        if (builder is WebApplicationBuilder web)
        {
            web.WebHost.ConfigureKestrel(kestrel =>
            {
                foreach (var address in http!.ListenAddresses)
                {
                    kestrel.Listen(address, http.Port);
                }
            });
            var webApp = web.Build();
            webApp.MapBootEndpoints(http!, files, planner, webApp.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PxeHost.Http"), plan);
            app = webApp;
        }
        else
        {
            app = ((HostApplicationBuilder)builder).Build();
        }

        try
        {
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DhcpStartException e)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: cannot listen for HTTP on port {http?.Port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (SocketException e) when (e.StackTrace?.Contains(".Kestrel.", StringComparison.Ordinal) == true)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: cannot listen for HTTP on {string.Join(", ", http!.ListenAddresses)} port {http.Port}: {e.Message}"
                + (e.SocketErrorCode == SocketError.AccessDenied ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE; see --http-port)" : string.Empty)).ConfigureAwait(false);
            return 1;
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: cannot listen on {tftp.ListenAddress}:{tftp.Port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        finally
        {
            if (app is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                app.Dispose();
            }
        }

        return 0;
    }

    /// <summary>The configuration file to watch, as it was at start, and the plan it feeds.</summary>
    internal sealed record ConfigWatch(string File, PxeHostConfig Started, Boot.Plan.PlanSource Plans);

    /// <summary>TFTP binds one address: the interface's when there is one, else every address.</summary>
    public static IPAddress TftpAddressFor(IReadOnlyList<LocalInterface> links) => links.Count == 1 ? links[0].Address : IPAddress.Any;
}
