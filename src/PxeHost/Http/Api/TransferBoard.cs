using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Hosting;
using PxeHost.Events;
using PxeHost.Storage;

namespace PxeHost.Http.Api;

/// <summary>
/// The TFTP and HTTP transfers going on now, kept from the boot-event stream: a transfer appears with
/// its start event, moves with its progress events and goes with its end event. A TFTP transfer is
/// named by the client's address and port (RFC 1350 §4); an HTTP request by its address and path.
/// </summary>
public sealed class TransferBoard(BootEventStream events) : BackgroundService
{
    private readonly ConcurrentDictionary<(string Protocol, IPAddress? Client, int Port, string File), TransferView> _going = new();
    private BootEventSubscription? _subscription;

    /// <summary>Transfers in progress, oldest first.</summary>
    public IReadOnlyList<TransferView> Current => [.. _going.Values.OrderBy(t => t.Started)];

    /// <summary>Subscribes before the host goes on, so that no transfer started after start is missed.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription ??= events.Subscribe(e => e is TftpTransferEvent
            || e is HttpRequestStarted { Method: "GET" }
            || e is HttpRequestEnded { Method: "GET" });
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    /// <summary>Applies one event to the board.</summary>
    public void Apply(BootEvent boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        var mac = boot.Mac is { } m ? MacAddressText.Format(m) : null;
        switch (boot)
        {
            case TftpTransferStarted started:
                _going[Key(started)] = new TransferView("tftp", started.File, mac, boot.ClientIp?.ToString(), 0, null, boot.Time);
                break;
            case TftpTransferProgress progress when _going.TryGetValue(Key(progress), out var going):
                _going[Key(progress)] = going with { Bytes = progress.Bytes, Size = progress.Size, Mac = going.Mac ?? mac };
                break;
            case TftpTransferEnded ended:
                _going.TryRemove(Key(ended), out _);
                break;
            case HttpRequestStarted http:
                _going[("http", boot.ClientIp, 0, http.Path)] = new TransferView("http", http.Path.TrimStart('/'), mac, boot.ClientIp?.ToString(), null, null, boot.Time);
                break;
            case HttpRequestEnded http:
                _going.TryRemove(("http", boot.ClientIp, 0, http.Path), out _);
                break;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var boot in _subscription!.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            Apply(boot);
        }
    }

    private static (string, IPAddress?, int, string) Key(TftpTransferEvent tftp) => ("tftp", tftp.ClientIp, tftp.ClientPort, tftp.File);
}
