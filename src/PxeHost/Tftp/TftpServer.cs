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
/// The read-only TFTP service: one listening socket takes requests, each served by a
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
    private Socket? _socket;
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

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _services.Options;

        // Started again after a fault (ServiceSupervisor): the socket is kept while it is open — after a
        // privilege drop port 69 could not be bound again — and only a closed one is replaced, on the port it had.
        if (_socket is { SafeHandle.IsClosed: false })
        {
            return base.StartAsync(cancellationToken);
        }

        var port = _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result.Port : options.Port;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        _socket.Bind(new IPEndPoint(options.ListenAddress, port));
        var endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        TftpLog.Listening(_services.Logger, _services.Files.ToString(), endpoint, options.PortRange?.ToString() ?? "any");
        _listening.TrySetResult(endpoint);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var result = await _socket!.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                OnDatagram(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint, result.PacketInformation.Address, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(_transfers.Values).ConfigureAwait(false);
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint client, IPAddress localAddress, CancellationToken stoppingToken)
    {
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

        if (Volatile.Read(ref _active) >= _services.Options.MaxConcurrentTransfers)
        {
            SendBusy(client);
            return;
        }

        // A client that heard nothing yet resends its request (the OACK or first block was lost);
        // a second transfer from another port would confuse it (atftp aborts), so the first one
        // keeps going and retransmits on its own timer, as dnsmasq does.
        var key = new TftpTransferKey(client, request.Filename);
        if (_sessions.TryGetValue(key, out var existing) && !existing.HasHeardFromClient)
        {
            TftpLog.DuplicateRequest(_services.Logger, client, LogText.Escape(request.Filename));
            return;
        }

        var local = _services.Options.ListenAddress.Equals(IPAddress.Any) ? localAddress : _services.Options.ListenAddress;
        var session = new TftpTransferSession(_services, client, local, request);
        _sessions[key] = session;
        var id = Interlocked.Increment(ref _nextTransferId);
        Interlocked.Increment(ref _active);
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
            Interlocked.Decrement(ref _active);
            _services.Metrics.TftpActiveChanged(-1);
        }
    }

    private void SendBusy(IPEndPoint client)
    {
        var bytes = TftpPacketCodec.ToArray(new TftpErrorPacket(TftpErrorCode.NotDefined, "Server busy, try again"));
        _socket!.SendTo(bytes, client);
    }

    public override void Dispose()
    {
        _socket?.Dispose();
        if (_ownsMetrics)
        {
            _services.Metrics.Dispose();
        }

        base.Dispose();
    }
}
