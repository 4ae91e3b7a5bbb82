using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Dhcp;
using PxeHost.Hosting;
using PxeHost.Unix;

namespace PxeHost.Cli;

/// <summary>Runs the server a command composed — TFTP always, DHCP and HTTP when configured — until Ctrl-C or SIGTERM, and says plainly why it could not start.</summary>
internal static class ServerHost
{
    public static async Task<int> RunAsync(string command, PxeHostOptions options, LogLevel level, CancellationToken cancellationToken)
    {
        Microsoft.Extensions.Hosting.IHost app;
        try
        {
            app = PxeHostApplication.Build(options, level);
        }
        catch (Http.Api.AdminTokenException e)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var tftp = options.Tftp;
        var http = options.Http;
        try
        {
            var faults = await PxeHostApplication.RunAsync(app, cancellationToken).ConfigureAwait(false);
            foreach (var (service, error) in faults)
            {
                await Console.Error.WriteLineAsync($"pxehost {command}: {service} stopped: {error.Message}").ConfigureAwait(false);
            }

            if (faults.Count > 0)
            {
                return 1;
            }
        }
        catch (DhcpStartException e)
        {
            await Console.Error.WriteLineAsync($"pxehost {command}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            var inUse = http is null || !e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) ? string.Empty
                : PortHolders.Describe(ProtocolType.Tcp, http.Port) + "; stop it, or choose another port with --http-port";
            await Console.Error.WriteLineAsync($"pxehost {command}: cannot listen for HTTP on port {http?.Port}: {e.Message}{inUse}").ConfigureAwait(false);
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
            var inUse = e.SocketErrorCode != SocketError.AddressAlreadyInUse ? string.Empty
                : PortHolders.Describe(ProtocolType.Udp, tftp.Port) + (command == "serve"
                    ? "; stop it, or choose another port with --tftp-port"
                    : $"; stop it: {command} serves TFTP on port {tftp.Port} only (serve --tftp-port chooses another)");
            await Console.Error.WriteLineAsync($"pxehost {command}: cannot listen for TFTP on {string.Join(", ", tftp.ListenAddresses)} port {tftp.Port}: {e.Message}{inUse}").ConfigureAwait(false);
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

    /// <summary>TFTP listens on the interfaces' addresses, as HTTP does; on every address only when no interface is named.</summary>
    public static IReadOnlyList<IPAddress> TftpAddressesFor(IReadOnlyList<LocalInterface> links) =>
        links.Count == 0 ? [IPAddress.Any] : [.. links.Select(l => l.Address).Distinct()];
}
