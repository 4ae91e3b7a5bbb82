using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// The read-only TFTP service: one listening socket per configured address takes requests, each served by a
/// <see cref="TftpTransferSession"/> on its own port. Files come from one <see cref="FileChain"/>, shared
/// with HTTP. Transfers are asynchronous, not a thread each, and share one <see cref="FileContentCache"/>.
/// </summary>
public sealed class TftpServer : BackgroundService
{
    private readonly TftpServices _services;
    private readonly ConcurrentDictionary<long, Task> _transfers = new();
    private readonly ConcurrentDictionary<TftpTransferKey, TftpTransferSession> _sessions = new();
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsMetrics;
    private readonly List<Socket> _sockets = [];
    private readonly ClientTransferCounts _perClient = new();

    /// <summary>A burst worth giving memory back after: a few hundred stalled transfers hold megabytes.</summary>
    private readonly BurstMemoryRelease _burst = new(256);

    /// <summary>The busy error, the same for every refused request (RFC 1350 §5: error code 0, a message).</summary>
    private readonly byte[] _busyReply = TftpPacketCodec.ToArray(new TftpErrorPacket(TftpErrorCode.NotDefined, "Server busy, try again"));
    private long _nextTransferId;

    /// <summary>Transfers under way, for the <see cref="TftpServerOptions.MaxConcurrentTransfers"/> check; the metric reports the same.</summary>
    private int _active;

    /// <summary>
    /// A server that publishes each transfer's start, progress and end on <paramref name="events"/> (none when
    /// null) and counts on <paramref name="metrics"/> (a meter of its own when null).
    /// </summary>
    public TftpServer(TftpServerOptions options, FileChain files, TimeProvider time, ILogger<TftpServer> logger, BootEventStream? events = null, PxeHostMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        _ownsMetrics = metrics is null;
        metrics ??= new PxeHostMetrics();
        var cache = new FileContentCache(options.CacheBudgetBytes, options.MaxCachedFileBytes, time, metrics);
        _services = new TftpServices(options, files, cache, metrics, events, time, logger);
    }

    public PxeHostMetrics Metrics => _services.Metrics;

    public FileContentCache Cache => _services.Cache;

    /// <summary>Completes with the bound endpoint once the server listens (port 0 picks a free one).</summary>
    public Task<IPEndPoint> Listening => _listening.Task;

    /// <summary>The endpoints listened on, one per configured address; known once started.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => [.. _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!)];

    /// <summary>The smallest kernel receive buffer of the listening sockets, as read back; known once started.</summary>
    public int ReceiveBufferBytes { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _services.Options;

        // Started again after a fault (ServiceSupervisor): the sockets are kept while they are all open, so
        // no request queued in them is lost; when one was closed, all are opened again on the port they had.
        if (_sockets.Count > 0 && _sockets.TrueForAll(socket => !socket.SafeHandle.IsClosed))
        {
            return base.StartAsync(cancellationToken);
        }

        CloseSockets();
        var port = _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result.Port : options.Port;
        try
        {
            foreach (var address in options.ListenAddresses)
            {
                // Port 0 picks a free port on the first address; the others listen on the same one.
                var socket = ListeningSocket.Open(new IPEndPoint(address, port), options.ReceiveBufferBytes, out var how);
                _sockets.Add(socket);
                var endpoint = (IPEndPoint)socket.LocalEndPoint!;
                port = endpoint.Port;
                ReceiveBufferBytes = _sockets.Count == 1 ? socket.ReceiveBufferSize : Math.Min(ReceiveBufferBytes, socket.ReceiveBufferSize);
                TftpLog.ReceiveBuffer(_services.Logger, endpoint, socket.ReceiveBufferSize, options.ReceiveBufferBytes, how);
                TftpLog.Listening(_services.Logger, _services.Files.ToString(), endpoint, options.PortRange?.ToString() ?? "any");
            }
        }
        catch
        {
            CloseSockets();
            throw;
        }

        _listening.TrySetResult((IPEndPoint)_sockets[0].LocalEndPoint!);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // One loop per address; a loop that fails ends alone and the others keep serving.
            await Task.WhenAll(_sockets.Select(socket => ReceiveLoopAsync(socket, stoppingToken))).ConfigureAwait(false);
        }
        finally
        {
            await Task.WhenAll(_transfers.Values).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var buffer = new byte[65536];
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult result;
            try
            {
                result = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // Whatever the kernel reports on a listening socket (an ICMP error queued on it, a
                // transient shortage), the next request must still be heard.
                _services.Metrics.TftpReceiveError();
                TftpLog.ReceiveError(_services.Logger, bound, e.SocketErrorCode);
                continue;
            }

            var local = bound.Address.Equals(IPAddress.Any) ? result.PacketInformation.Address : bound.Address;
            try
            {
                OnDatagram(socket, buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint, new IPEndPoint(local, bound.Port), stoppingToken);
            }
#pragma warning disable CA1031 // The per-datagram boundary: one request the server cannot handle must not stop it hearing the next.
            catch (Exception e)
#pragma warning restore CA1031
            {
                TftpLog.ReceiveFailed(_services.Logger, e);
            }
        }
    }

    private void OnDatagram(Socket listener, ReadOnlySpan<byte> datagram, IPEndPoint client, IPEndPoint local, CancellationToken stoppingToken)
    {
        if (client.Port == 0)
        {
            // No reply can go to port 0 (sendto fails with EINVAL): a forged or broken source.
            _services.Metrics.TftpMalformed();
            TftpLog.SourcePortZero(_services.Logger, client);
            return;
        }

        if (!TftpPacketCodec.TryParse(datagram, out var packet, out var error))
        {
            _services.Metrics.TftpMalformed();
            TftpLog.Malformed(_services.Logger, client, error);
            return;
        }

        if (packet is not TftpRequestPacket request)
        {
            // A stray ACK or ERROR for a finished transfer; requests only arrive here (RFC 1350 §4).
            TftpLog.IgnoredOnListener(_services.Logger, client, packet!.Opcode);
            return;
        }

        // A client that heard nothing yet resends its request (the OACK or first block was lost);
        // a second transfer from another port would confuse it (atftp aborts), so the first one
        // keeps going and retransmits on its own timer, as dnsmasq does. It is checked
        // before the limits: a busy error would end the transfer the client is waiting for.
        var key = new TftpTransferKey(client, request.Filename);
        if (_sessions.TryGetValue(key, out var existing) && !existing.HasHeardFromClient)
        {
            TftpLog.DuplicateRequest(_services.Logger, ClientLabel.Of(client, _services.Events?.Clients), LogText.Escape(request.Filename));
            return;
        }

        var options = _services.Options;
        var active = Volatile.Read(ref _active);
        if (active >= options.MaxConcurrentTransfers)
        {
            Busy(listener, client, request, active, options.MaxConcurrentTransfers, clientLimit: false);
            return;
        }

        if (!_perClient.TryEnter(client.Address, options.MaxTransfersPerClient, out var fromClient))
        {
            Busy(listener, client, request, fromClient, options.MaxTransfersPerClient, clientLimit: true);
            return;
        }

        // The request as it came, for the timeline's capture of the transfer; copied only when someone records it.
        var received = _services.Events is null ? null : UdpPacket.Of(_services.Time.GetUtcNow(), client, local, datagram);
        var session = new TftpTransferSession(_services, client, local.Address, request, received);
        _sessions[key] = session;
        var id = Interlocked.Increment(ref _nextTransferId);
        _burst.OnStarted(Interlocked.Increment(ref _active));
        _services.Metrics.TftpActiveChanged(1);
        _transfers[id] = RunTransferAsync(id, session, stoppingToken);
    }

    private async Task RunTransferAsync(long id, TftpTransferSession session, CancellationToken stoppingToken)
    {
        // Yield first so the receive loop never runs a transfer's setup inline.
        await Task.Yield();
        try
        {
            await session.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(new KeyValuePair<TftpTransferKey, TftpTransferSession>(session.Key, session));
            _transfers.TryRemove(id, out _);
            _perClient.Leave(session.Key.Client.Address);
            _services.Metrics.TftpActiveChanged(-1);
            if (Interlocked.Decrement(ref _active) == 0 && _burst.OnIdle())
            {
                TftpLog.BurstReleased(_services.Logger, GC.GetTotalMemory(forceFullCollection: false));
            }
        }
    }

    private void Busy(Socket listener, IPEndPoint client, TftpRequestPacket request, int active, int limit, bool clientLimit)
    {
        _services.Metrics.TftpBusy(clientLimit);
        TftpLog.Busy(_services.Logger, ClientLabel.Of(client, _services.Events?.Clients), LogText.Escape(request.Filename), active, limit, clientLimit ? "from one client address" : "in all");
        try
        {
            listener.SendTo(_busyReply, client);
        }
        catch (SocketException e)
        {
            // No route to the client, or its source is a broadcast address (EACCES): the request was
            // forged or the client is unreachable; either way the listener goes on.
            _services.Metrics.TftpSendFailed();
            TftpLog.SendFailed(_services.Logger, client, "busy reply", e.SocketErrorCode);
        }
    }

    private void CloseSockets()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
    }

    public override void Dispose()
    {
        CloseSockets();
        if (_ownsMetrics)
        {
            _services.Metrics.Dispose();
        }

        base.Dispose();
    }
}
