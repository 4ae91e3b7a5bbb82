using System.Buffers;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Dhcp;

public sealed partial class DhcpServer
{
    /// <summary>Answers one datagram; returns true when it keeps the buffer (the request waits for the boot policy).</summary>
    private bool Handle(Received received, CancellationToken stoppingToken)
    {
        var listener = received.Listener;
        if (!DhcpMessageCodec.TryParse(received.Buffer.AsSpan(0, received.Length), out var request, out var error))
        {
            Metrics.DhcpMalformed();
            DhcpLog.Malformed(_logger, received.Source, listener.Interface.Name, error);
            return false;
        }

        var client = Boot.BootClient.FromDhcp(request!);
        if (!received.Prepared)
        {
            var prepared = _policy.PrepareAsync(client, stoppingToken);
            if (!prepared.IsCompletedSuccessfully)
            {
                return Park(received, prepared, stoppingToken);
            }
        }

        _seen?.Record(client);
        PublishReceived(received, request!);
        if (_options.Mode != DhcpMode.Full || listener.IsBootServerPort)
        {
            Complete(listener, request!, _proxy!.Respond(request!, listener.Interface.Address, received.Source, listener.IsBootServerPort), received.Arrived);
            return false;
        }

        var pending = _responder!.RespondAsync(request!, listener.Interface.Address, listener.Scope, CancellationToken.None);
        if (pending.IsCompletedSuccessfully)
        {
            Complete(listener, request!, pending.Result, received.Arrived);
            return false;
        }

        // The reply (an ACK) goes out only once the lease store has committed the lease: a crash after
        // the client heard the ACK must not lose the lease. This worker goes on deciding meanwhile, so
        // the commits of many requests share one transaction.
        var reply = CompleteWhenCommittedAsync(listener, received.Source, request!, pending, received.Arrived);
        _pendingSaves.TryAdd(reply, 0);
        _ = reply.ContinueWith(t => _pendingSaves.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return false;
    }

    /// <summary>
    /// The boot policy needs something from outside first (API mode asks its API): the request waits
    /// for that off the decision thread, then joins the queue again, so other clients are not held up.
    /// </summary>
    private bool Park(Received received, ValueTask prepared, CancellationToken stoppingToken)
    {
        if (_pendingSaves.Count >= _options.QueueCapacity)
        {
            DhcpLog.Overflow(_logger, received.Source, received.Listener.Interface.Name);
            return false;
        }

        var waiting = RequeueWhenPreparedAsync(received, prepared, stoppingToken);
        _pendingSaves.TryAdd(waiting, 0);
        _ = waiting.ContinueWith(t => _pendingSaves.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    private async Task RequeueWhenPreparedAsync(Received received, ValueTask prepared, CancellationToken stoppingToken)
    {
        try
        {
            await prepared.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(received.Buffer);
            return;
        }
#pragma warning disable CA1031 // A policy that cannot prepare still decides (it falls back); the request goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            DhcpLog.Failed(_logger, received.Source, received.Listener.Interface.Name, e);
        }

        if (!_queue.Writer.TryWrite(received with { Prepared = true }))
        {
            DhcpLog.Overflow(_logger, received.Source, received.Listener.Interface.Name);
            ArrayPool<byte>.Shared.Return(received.Buffer);
        }
    }

    private async Task CompleteWhenCommittedAsync(DhcpListener listener, IPEndPoint source, DhcpMessage request, ValueTask<DhcpOutcome> pending, long arrived)
    {
        DhcpOutcome outcome;
        try
        {
            outcome = await pending.ConfigureAwait(false);
        }
        catch (LeaseStoreException e)
        {
            // Reported and the reply withheld; the client will ask again.
            Metrics.DhcpSaveFailed();
            Handled(listener, request, "save_failed", arrived);
            var withheld = request.MessageType == DhcpMessageType.Request ? DhcpMessageType.Ack : (DhcpMessageType?)null;
            DhcpLog.SaveFailed(_logger, MacOf(request), withheld, e.Message);
            PublishNotAnswered(listener, request, $"lease not stored, {withheld} not sent: {e.Message}");
            return;
        }
#pragma warning disable CA1031 // The per-packet boundary, as in ProcessAsync: one bad request must not stop the service.
        catch (Exception e)
#pragma warning restore CA1031
        {
            DhcpLog.Failed(_logger, source, listener.Interface.Name, e);
            return;
        }

        Complete(listener, request, outcome, arrived);
    }

    private void Complete(DhcpListener listener, DhcpMessage request, DhcpOutcome outcome, long arrived)
    {
        var relay = IPAddress.Any.Equals(request.GatewayAddress) ? string.Empty : $" via relay {request.GatewayAddress}";
        if (outcome.Reply is not { } reply || outcome.Destination is not { } destination)
        {
            Metrics.DhcpDropped();
            Handled(listener, request, outcome.Routine ? "ignored" : "dropped", arrived);
            PublishNotAnswered(listener, request, outcome.Reason, outcome.Routine);
            if (outcome.Routine && _logger.IsEnabled(LogLevel.Debug))
            {
                DhcpLog.NotOurs(_logger, MacOf(request), request.MessageType, Where(listener), relay, BootClient.FromDhcp(request).Words, outcome.Reason);
            }
            else if (!outcome.Routine && _logger.IsEnabled(LogLevel.Information))
            {
                DhcpLog.NoReply(_logger, MacOf(request), request.MessageType, Where(listener), relay, BootClient.FromDhcp(request).Words, outcome.Reason);
            }

            return;
        }

        var endpoint = destination.EndPoint.Port switch
        {
            DhcpReplyRouting.ClientPort => new IPEndPoint(destination.EndPoint.Address, _options.ClientPort),
            DhcpReplyRouting.ServerPort => new IPEndPoint(destination.EndPoint.Address, _options.ServerPort),
            _ => destination.EndPoint,
        };
        var sent = DhcpMessageCodec.ToArray(reply);
        try
        {
            listener.Socket.SendTo(sent, endpoint);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // ObjectDisposed: the interface watch closed this socket a moment ago; the client retransmits.
            DhcpLog.SendFailed(_logger, reply.MessageType, endpoint, listener.Interface.Name, e.Message);
            PublishNotAnswered(listener, request, $"cannot send {reply.MessageType} to {endpoint}: {e.Message}");
            Handled(listener, request, "send_failed", arrived);
            return;
        }

        Metrics.DhcpReplied(reply.MessageType);
        Handled(listener, request, PxeHostMetrics.Tag(reply.MessageType), arrived);
        PublishAnswered(listener, request, outcome, reply, destination, sent, endpoint);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var boot = outcome.Boot?.BootFile is { } file ? $" boot {file}" : string.Empty;
            var address = IPAddress.Any.Equals(reply.YourAddress) ? "(no address)" : reply.YourAddress.ToString();
            DhcpLog.Replied(_logger, MacOf(request), request.MessageType, Where(listener), relay, reply.MessageType, address, boot,
                BootClient.FromDhcp(request).Words, outcome.Reason, destination.Rule);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            foreach (var option in reply.Options)
            {
                DhcpLog.ReplyOption(_logger, MacOf(request), reply.MessageType, DhcpOptionText.Describe(option));
            }
        }
    }

    private void Handled(DhcpListener listener, DhcpMessage request, string outcome, long arrived) =>
        Metrics.DhcpHandled(request.MessageType, outcome, listener.IsBootServerPort, request.GatewayAddress, _time.GetElapsedTime(arrived));

    private static string Where(DhcpListener listener) =>
        listener.IsBootServerPort ? $"{listener.Interface.Name} port {(listener.Socket.LocalEndPoint is IPEndPoint local ? local.Port : 0)}" : listener.Interface.Name;

    private static string MacOf(DhcpMessage request) =>
        request.ClientMacAddress is PhysicalAddress mac ? MacAddressText.Format(mac) : Convert.ToHexString(request.ClientHardwareAddress.Span);

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
