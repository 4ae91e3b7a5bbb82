using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

public sealed partial class DhcpServer
{
    private void Handle(Received received)
    {
        var listener = received.Listener;
        if (!DhcpMessageCodec.TryParse(received.Buffer.AsSpan(0, received.Length), out var request, out var error))
        {
            Metrics.DhcpMalformed();
            DhcpLog.Malformed(_logger, received.Source, listener.Interface.Name, error);
            return;
        }

        _seen?.Record(Boot.BootClient.FromDhcp(request!));
        PublishReceived(listener, request!, received.Source);
        var outcome = _options.Mode == DhcpMode.Full && !listener.IsBootServerPort
            ? _responder!.Respond(request!, listener.Interface.Address, listener.Scope)
            : _proxy!.Respond(request!, listener.Interface.Address, received.Source, listener.IsBootServerPort);

        if (outcome.ToSave.Count == 0)
        {
            Complete(listener, request!, outcome);
            return;
        }

        // The reply (an ACK) goes out only once the lease is stored: a crash after the client heard
        // the ACK must not lose the lease. Saves from many requests share one transaction.
        var save = SaveThenCompleteAsync(listener, request!, outcome);
        _pendingSaves.TryAdd(save, 0);
        _ = save.ContinueWith(t => _pendingSaves.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task SaveThenCompleteAsync(DhcpListener listener, DhcpMessage request, DhcpOutcome outcome)
    {
        try
        {
            await _store!.SaveAsync(outcome.ToSave, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed save is reported and the reply withheld; the client will ask again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Metrics.DhcpSaveFailed();
            DhcpLog.SaveFailed(_logger, MacOf(request), outcome.ReplyType, e.Message);
            PublishNotAnswered(listener, request, $"lease not stored, {outcome.ReplyType} not sent: {e.Message}");
            return;
        }

        Complete(listener, request, outcome);
    }

    private void Complete(DhcpListener listener, DhcpMessage request, DhcpOutcome outcome)
    {
        var relay = IPAddress.Any.Equals(request.GatewayAddress) ? string.Empty : $" via relay {request.GatewayAddress}";
        if (outcome.Reply is not { } reply || outcome.Destination is not { } destination)
        {
            Metrics.DhcpDropped();
            PublishNotAnswered(listener, request, outcome.Reason, outcome.Routine);
            if (outcome.Routine)
            {
                DhcpLog.NotOurs(_logger, MacOf(request), request.MessageType, Where(listener), relay, outcome.Reason);
            }
            else if (_logger.IsEnabled(LogLevel.Information))
            {
                DhcpLog.NoReply(_logger, MacOf(request), request.MessageType, Where(listener), relay, outcome.Reason);
            }

            return;
        }

        var endpoint = destination.EndPoint.Port switch
        {
            DhcpReplyRouting.ClientPort => new IPEndPoint(destination.EndPoint.Address, _options.ClientPort),
            DhcpReplyRouting.ServerPort => new IPEndPoint(destination.EndPoint.Address, _options.ServerPort),
            _ => destination.EndPoint,
        };
        try
        {
            listener.Socket.SendTo(DhcpMessageCodec.ToArray(reply), endpoint);
        }
        catch (SocketException e)
        {
            DhcpLog.SendFailed(_logger, reply.MessageType, endpoint, listener.Interface.Name, e.Message);
            PublishNotAnswered(listener, request, $"cannot send {reply.MessageType} to {endpoint}: {e.Message}");
            return;
        }

        Metrics.DhcpReplied(reply.MessageType);
        PublishAnswered(listener, request, outcome, reply, destination);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var boot = outcome.Boot?.BootFile is { } file ? $" boot {file}" : string.Empty;
            var address = IPAddress.Any.Equals(reply.YourAddress) ? "(no address)" : reply.YourAddress.ToString();
            DhcpLog.Replied(_logger, MacOf(request), request.MessageType, Where(listener), relay, reply.MessageType, address, boot,
                outcome.Reason, destination.Rule);
        }
    }

    private static string Where(DhcpListener listener) =>
        listener.IsBootServerPort ? $"{listener.Interface.Name} port {(listener.Socket.LocalEndPoint is IPEndPoint local ? local.Port : 0)}" : listener.Interface.Name;

    private static string MacOf(DhcpMessage request) =>
        request.ClientMacAddress is PhysicalAddress mac ? LeaseTable.Format(mac) : Convert.ToHexString(request.ClientHardwareAddress.Span);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Socket.Dispose();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
