using System.Net.Sockets;

namespace PxeHost.Dhcp;

/// <summary>Keeping the sockets alive: reopened after an error, and when their interface is replaced.</summary>
public sealed partial class DhcpServer
{
    /// <summary>How often the interfaces are looked at: a link deleted and created again is served again within this.</summary>
    internal static readonly TimeSpan InterfaceCheck = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens a new socket for the listener's interface and port, retrying with backoff while the interface
    /// is away (ENODEV from SO_BINDTODEVICE) or the port cannot be had.
    /// </summary>
    private async Task ReopenAsync(DhcpListener listener, CancellationToken stoppingToken)
    {
        listener.Reopening = true;
        try
        {
            var wait = FirstRetry;
            while (!stoppingToken.IsCancellationRequested)
            {
                var index = DhcpSockets.InterfaceIndex(listener.Interface.Name);
                try
                {
                    if (index != 0)
                    {
                        listener.Replace(DhcpSockets.Open(listener.Interface.Name, listener.Port));
                        DhcpLog.SocketReopened(_logger, listener.Interface.Name, listener.Port, listener.BoundIndex);
                        return;
                    }
                }
                catch (SocketException e)
                {
                    Metrics.DhcpSocketFailed();
                    DhcpLog.SocketFailed(_logger, listener.Interface.Name, listener.Port, e.Message);
                }

                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                wait = wait * 2 < LastRetry ? wait * 2 : LastRetry;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Reopening = false;
        }
    }

    /// <summary>
    /// Looks at each interface every <see cref="InterfaceCheck"/>: a socket whose device is gone or was
    /// replaced (a new index under the same name) receives nothing and raises no error, so it is closed
    /// here, and its receive loop opens a new one.
    /// </summary>
    private async Task WatchInterfacesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(InterfaceCheck, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var listener in _listeners)
                {
                    var index = DhcpSockets.InterfaceIndex(listener.Interface.Name);
                    if (!listener.Reopening && index != listener.BoundIndex)
                    {
                        DhcpLog.InterfaceReplaced(_logger, listener.Interface.Name, listener.Port, listener.BoundIndex, index);
                        listener.Socket.Dispose();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
