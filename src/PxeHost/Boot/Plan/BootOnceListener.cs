using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Tftp;

namespace PxeHost.Boot.Plan;

/// <summary>
/// Reads the boot-event stream and hands every file a known machine has fetched — a TFTP transfer
/// that delivered the file, an HTTP GET (not a HEAD) answered with it — to <see cref="BootOnce"/>, which
/// uses a <c>once</c> machine's plan up when the file is its kernel. A refused or broken-off fetch
/// uses nothing; a fetch from an address no DHCP answer has tied to a MAC cannot be attributed.
/// </summary>
public sealed partial class BootOnceListener(BootEventStream events, BootOnce once, ILogger<BootOnceListener> logger) : BackgroundService
{
    private BootEventSubscription? _fetches;

    /// <summary>Subscribes before the host goes on, so no fetch published after start is missed; a restart keeps the subscription, and what it queued meanwhile.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _fetches ??= events.Subscribe(e => e.Mac is not null
            && e is TftpTransferEnded { Outcome: TftpTransferOutcome.Completed or TftpTransferOutcome.Unconfirmed }
                or HttpRequestEnded { Method: "GET", Status: 200 or 206 });
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _fetches?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var fetch in _fetches!.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var path = fetch switch
            {
                TftpTransferEnded tftp => tftp.File,
                HttpRequestEnded http => http.Path,
                _ => null,
            };
            if (path is not null && once.OnFetched(fetch.Mac!, null, path) is { } used)
            {
                Used(logger, Storage.MacAddressText.Format(fetch.Mac!), used, path);
            }
        }
    }

    [LoggerMessage(LogEventIds.Boot.BootOnceUsed, LogLevel.Information, "boot once: {Mac} fetched {Path}, the kernel of '{Boot}': from now on it boots the local disk")]
    private static partial void Used(ILogger logger, string mac, string boot, string path);
}
