using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Hosting;

/// <summary>
/// Runs the server's services (TFTP, DHCP, the configuration watcher, boot once) so that one failing
/// does not take the others down: DHCP keeps answering while TFTP is started again, and the reverse.
/// A service whose work ends in an exception is logged, counted and started again after a backoff
/// (<see cref="SupervisionOptions"/>). Only one that keeps failing stops the host; <see cref="Faults"/>
/// then names it, so serve exits 1 and the supervisor above (systemd's Restart=on-failure) takes over.
/// A failure to start at all is not supervised: it propagates from <see cref="StartAsync"/> as before.
/// </summary>
public sealed partial class ServiceSupervisor(
    IEnumerable<SupervisedService> services, IServiceProvider provider, SupervisionOptions options, TimeProvider time,
    PxeHostMetrics metrics, IHostApplicationLifetime lifetime, ILogger<ServiceSupervisor> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<BackgroundService> _started = [];
    private readonly List<Task> _watches = [];
    private readonly ConcurrentQueue<(string Service, Exception Error)> _faults = new();
    private int _disposed;

    /// <summary>The services that failed too often, each with its last error: why the host was stopped.</summary>
    public IReadOnlyList<(string Service, Exception Error)> Faults => [.. _faults];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var supervised in services)
        {
            var service = supervised.Resolve(provider);
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            _started.Add(service);
            _watches.Add(WatchAsync(supervised.Name, service, _stopping.Token));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(_watches).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Idempotent: the container holds the supervisor twice (itself and as a hosted service) and disposes both.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // A start that failed half-way never stops: the watches of the services started so far end here.
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task WatchAsync(string name, BackgroundService service, CancellationToken stopping)
    {
        var recent = new Queue<long>();
        Exception? error = null;
        while (true)
        {
            if (error is null)
            {
                if (service.ExecuteTask is not { } running)
                {
                    return;
                }

                await running.WaitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stopping.IsCancellationRequested || !running.IsFaulted)
                {
                    return;
                }

                error = running.Exception!.GetBaseException();
            }

            var now = time.GetTimestamp();
            recent.Enqueue(now);
            while (time.GetElapsedTime(recent.Peek(), now) > options.Window)
            {
                recent.Dequeue();
            }

            if (recent.Count >= options.MaxFaults)
            {
                GaveUp(logger, name, recent.Count, options.Window, error);
                _faults.Enqueue((name, error));
                lifetime.StopApplication();
                return;
            }

            var delay = options.DelayAfter(recent.Count);
            Faulted(logger, name, error.Message, delay, recent.Count, options.Window, error);
            await Task.Delay(delay, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            error = await RestartAsync(name, service, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the service again; the error when even that fails (it counts as one more fault).</summary>
    private async Task<Exception?> RestartAsync(string name, BackgroundService service, CancellationToken stopping)
    {
        try
        {
            await service.StartAsync(stopping).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The supervision boundary: whatever a restart throws is logged and counted as a fault, never lost.
        catch (Exception e) when (!stopping.IsCancellationRequested)
#pragma warning restore CA1031
        {
            RestartFailed(logger, name, e);
            return e;
        }

        metrics.ServiceRestarted(name);
        Restarted(logger, name);
        return null;
    }

    [LoggerMessage(LogEventIds.Hosting.ServiceFaulted, LogLevel.Error, "{Service} failed: {Reason}; starting it again in {Delay} ({Faults} fault(s) within {Window})")]
    private static partial void Faulted(ILogger logger, string service, string reason, TimeSpan delay, int faults, TimeSpan window, Exception error);

    [LoggerMessage(LogEventIds.Hosting.ServiceRestarted, LogLevel.Warning, "{Service} started again")]
    private static partial void Restarted(ILogger logger, string service);

    [LoggerMessage(LogEventIds.Hosting.ServiceRestartFailed, LogLevel.Error, "{Service} could not be started again")]
    private static partial void RestartFailed(ILogger logger, string service, Exception error);

    [LoggerMessage(LogEventIds.Hosting.ServiceGaveUp, LogLevel.Critical, "{Service} failed {Faults} times within {Window}: stopping the server")]
    private static partial void GaveUp(ILogger logger, string service, int faults, TimeSpan window, Exception error);
}
