using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Dhcp;
using PxeHost.Http;
using PxeHost.Tftp;

namespace PxeHost.Cli;

/// <summary>Runs the services a command asked for — TFTP always, DHCP and HTTP when configured — until Ctrl-C or SIGTERM.</summary>
internal static class ServerHost
{
    public static async Task<int> RunAsync(
        string command, TftpServerOptions tftp, DhcpServerOptions? dhcp, HttpBootOptions? http, BootPlanner planner, LogLevel level, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
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
        builder.Services.AddSingleton(planner);
        builder.Services.AddSingleton<TftpServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TftpServer>());
        if (dhcp is not null)
        {
            builder.Services.AddSingleton(dhcp);
            builder.Services.AddSingleton<DhcpServer>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DhcpServer>());
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in http?.ListenAddresses ?? [])
            {
                kestrel.Listen(address, http!.Port);
            }
        });
        if (http is null)
        {
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        }

        await using var app = builder.Build();
        if (http is not null)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PxeHost.Http");
            app.MapBootEndpoints(http, planner, logger);
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
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: cannot listen on {tftp.ListenAddress}:{tftp.Port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    /// <summary>TFTP binds one address: the interface's when there is one, else every address.</summary>
    public static IPAddress TftpAddressFor(IReadOnlyList<LocalInterface> links) => links.Count == 1 ? links[0].Address : IPAddress.Any;
}
