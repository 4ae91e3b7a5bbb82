using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Boot.Policy;
using PxeHost.Configuration;
using PxeHost.Events;
using PxeHost.Storage;
using PxeHost.Unix;

namespace PxeHost.Dhcp;

/// <summary>
/// The DHCP service at the edge: one socket per interface (and port 4011 in proxy mode) receives,
/// one worker decides with <see cref="DhcpResponder"/> or <see cref="ProxyDhcpResponder"/>, and a
/// reply that grants a lease is sent only once the lease store (<see cref="ILeaseStore"/>, opened
/// through the <see cref="ILeaseStoreFactory"/> the composition chose) has committed it. New settings
/// from a reload (<see cref="Apply"/>) are taken up by that worker before the next request.
/// </summary>
public sealed partial class DhcpServer : BackgroundService, ILiveDhcpSettings
{
    /// <summary>Bigger than a jumbo frame's payload: anything larger is not a DHCP message from a link.</summary>
    private const int MaxDatagram = 9216;

    private readonly DhcpServerOptions _options;
    private readonly IBootPolicy _policy;
    private readonly ILeaseStoreFactory _leaseStores;
    private readonly TimeProvider _time;
    private readonly ILogger<DhcpServer> _logger;
    private readonly List<DhcpListener> _listeners = [];
    private readonly Channel<Received> _queue;
    private readonly ConcurrentDictionary<Task, byte> _pendingSaves = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ILeaseStore? _store;
    private DhcpResponder? _responder;
    private ProxyDhcpResponder? _proxy;
    private IReadOnlyList<DhcpScope>? _newScopes;

    private readonly Boot.SeenClients? _seen;
    private readonly BootEventStream? _events;
    private readonly bool _ownsMetrics;

    /// <summary>
    /// A service that publishes each request and its answer on <paramref name="events"/> (none when null) and
    /// counts on <paramref name="metrics"/> (a meter of its own when null).
    /// </summary>
    public DhcpServer(
        DhcpServerOptions options, IBootPolicy policy, ILeaseStoreFactory leaseStores, TimeProvider time, ILogger<DhcpServer> logger, Boot.SeenClients? seen = null,
        BootEventStream? events = null, PxeHostMetrics? metrics = null)
    {
        _seen = seen;
        _events = events;
        _ownsMetrics = metrics is null;
        Metrics = metrics ?? new PxeHostMetrics();
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _policy = policy;
        _leaseStores = leaseStores ?? throw new ArgumentNullException(nameof(leaseStores));
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<Received>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
    }

    public PxeHostMetrics Metrics { get; }

    /// <summary>Completes once every socket is bound.</summary>
    public Task Listening => _listening.Task;

    /// <summary>Reservations, options and lease time from a reload; the worker swaps them in, so the lease table keeps one thread.</summary>
    public void Apply(IReadOnlyList<DhcpScope> scopes) => Volatile.Write(ref _newScopes, scopes ?? throw new ArgumentNullException(nameof(scopes)));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Started again after a fault (ServiceSupervisor): the sockets and the lease store are kept; only the work restarts.
        if (_listening.Task.IsCompleted)
        {
            await base.StartAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_options.ServerPort == _options.BootServerPort)
        {
            throw new DhcpStartException($"the DHCP port and the PXE boot server port are both {_options.ServerPort}: they must differ");
        }

        _proxy = new ProxyDhcpResponder(_policy);
        var interfaces = new List<LocalInterface>();
        foreach (var name in _options.Interfaces)
        {
            var link = LocalInterface.Find(name, out var error);
            interfaces.Add(error is null ? link : throw new DhcpStartException($"--interface {name}: {error}"));
        }

        if (_options.Mode == DhcpMode.Full)
        {
            await StartFullAsync(interfaces, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var link in interfaces)
            {
                _listeners.Add(new DhcpListener(Bind(link, _options.ServerPort), link, null, false, _options.ServerPort));
                _listeners.Add(new DhcpListener(Bind(link, _options.BootServerPort), link, null, true, _options.BootServerPort));
                DhcpLog.ProxyListening(_logger, link.Name, link.Address, _options.ServerPort, _options.BootServerPort);
            }
        }

        _listening.TrySetResult();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartFullAsync(List<LocalInterface> interfaces, CancellationToken cancellationToken)
    {
        if (_options.ProbeForOtherServers)
        {
            foreach (var link in interfaces)
            {
                await ProbeAsync(link, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            _store = await _leaseStores.OpenAsync(new LeaseAllocationOptions { Scopes = _options.Scopes, OfferHold = _options.OfferHold }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new DhcpStartException(e.Message, e);
        }

        var stored = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        RememberClients(stored, now);
        var outside = stored.Count(l => !_options.Scopes.Any(s => l.Address.AddressFamily == AddressFamily.InterNetwork && s.Contains(l.Address)));
        DhcpLog.LeasesLoaded(_logger, _store.Location, stored.Count,
            stored.Count(l => l.IsActiveAt(now)), outside > 0 ? $"; {outside} outside every --dhcp-range kept on disk only" : string.Empty);
        _responder = new DhcpResponder(_options.Scopes, _store, _policy);
        Metrics.ObservePoolsWith(PoolsNow);

        foreach (var link in interfaces)
        {
            var scope = _options.Scopes.FirstOrDefault(s => link.Contains(s.Network) && s.PrefixLength == link.PrefixLength)
                ?? _options.Scopes.FirstOrDefault(s => s.Contains(link.Address));
            _listeners.Add(new DhcpListener(Bind(link, _options.ServerPort), link, scope, false, _options.ServerPort));
            _listeners.Add(new DhcpListener(Bind(link, _options.BootServerPort), link, scope, true, _options.BootServerPort));
            DhcpLog.Listening(_logger, DhcpMode.Full, link.Name, link.Address, link.PrefixLength, _options.ServerPort, _options.BootServerPort);
            if (scope is not null)
            {
                DhcpLog.ScopeServes(_logger, scope, $"clients on {link.Name}");
            }
        }

        foreach (var scope in _options.Scopes.Where(s => !_listeners.Any(l => ReferenceEquals(l.Scope, s))))
        {
            DhcpLog.ScopeServes(_logger, scope, "relayed requests (giaddr in this subnet)");
        }
    }

    private async Task ProbeAsync(LocalInterface link, CancellationToken cancellationToken)
    {
        var others = await DhcpServerProbe.FindOtherServersAsync(link, _options.ClientPort, _options.ServerPort, _options.ProbeTimeout, _logger, cancellationToken).ConfigureAwait(false);
        if (others.Count == 0)
        {
            DhcpLog.ProbeClear(_logger, link.Name, (long)_options.ProbeTimeout.TotalMilliseconds);
            return;
        }

        if (_options.Force)
        {
            DhcpLog.ProbeForced(_logger, link.Name, string.Join("; ", others));
            return;
        }

        throw new DhcpStartException(
            $"another DHCP server already answers on {link.Name}: {string.Join("; ", others)}. "
            + "Refusing to hand out addresses beside it (two DHCP servers on one link give clients conflicting answers). "
            + "Use --proxy to add network boot beside that server, or --force if you really mean to serve full DHCP.");
    }

    private Socket Bind(LocalInterface link, int port)
    {
        try
        {
            return DhcpSockets.Open(link.Name, port);
        }
        catch (SocketException e)
        {
            throw new DhcpStartException($"cannot listen on {link.Name} UDP port {port}: {e.Message}" + e.SocketErrorCode switch
            {
                SocketError.AccessDenied => " (ports below 1024 need root or CAP_NET_BIND_SERVICE)",

                // Clients send to these ports (RFC 2131 §4.1, PXE 2.1 §2.2.4): moving them would reach no client.
                SocketError.AddressAlreadyInUse => PortHolders.Describe(ProtocolType.Udp, port) + (port == _options.BootServerPort
                    ? $"; PXE clients ask the boot server on port {port}, so no option moves it: stop that program's PXE service"
                    : $"; DHCP clients send to port {port}, so no option moves it: stop that program's DHCP service"),
                _ => string.Empty,
            }, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var receivers = _listeners.Select(l => ReceiveAsync(l, stoppingToken)).ToList();
        receivers.Add(WatchInterfacesAsync(stoppingToken));
        try
        {
            await ProcessAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(receivers).ConfigureAwait(false);
        await Task.WhenAll(_pendingSaves.Keys).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives on one listener until the service stops. A socket error ends only that socket, never the
    /// loop: it is counted and logged, and a new socket is opened (with backoff while the interface is away).
    /// </summary>
    private async Task ReceiveAsync(DhcpListener listener, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReceiveUntilFailureAsync(listener, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException && !stoppingToken.IsCancellationRequested)
            {
                Metrics.DhcpSocketFailed();
                DhcpLog.SocketFailed(_logger, listener.Interface.Name, listener.Port, e.Message);
                await ReopenAsync(listener, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReceiveUntilFailureAsync(DhcpListener listener, CancellationToken stoppingToken)
    {
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
            SocketReceiveMessageFromResult result;
            try
            {
                result = await listener.Socket.ReceiveMessageFromAsync(buffer.AsMemory(0, MaxDatagram), SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                continue;
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            Accept(listener, buffer, result);
        }
    }

    private void Accept(DhcpListener listener, byte[] buffer, SocketReceiveMessageFromResult result)
    {
        Metrics.DhcpReceived();
        var source = (IPEndPoint)result.RemoteEndPoint;
        if ((result.SocketFlags & SocketFlags.Truncated) != 0)
        {
            // Larger than any DHCP message on an Ethernet link; parsing a cut-off copy could accept it half-read.
            Metrics.DhcpMalformed();
            DhcpLog.Oversized(_logger, source, listener.Interface.Name, MaxDatagram);
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        var received = new Received(listener, buffer, result.ReceivedBytes, source, result.PacketInformation.Address, _time.GetTimestamp());
        if (!_queue.Writer.TryWrite(received))
        {
            Metrics.DhcpOverflow();
            DhcpLog.Overflow(_logger, received.Source, listener.Interface.Name);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ProcessAsync(CancellationToken stoppingToken)
    {
        await foreach (var received in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var keep = false;
            try
            {
                if (_responder is not null && Interlocked.Exchange(ref _newScopes, null) is { } scopes)
                {
                    _responder.UpdateScopes(scopes);
                }

                keep = Handle(received, stoppingToken);
            }
#pragma warning disable CA1031 // The per-packet boundary: one bad request must not stop the service.
            catch (Exception e)
#pragma warning restore CA1031
            {
                DhcpLog.Failed(_logger, received.Source, received.Listener.Interface.Name, e);
            }
            finally
            {
                if (!keep)
                {
                    ArrayPool<byte>.Shared.Return(received.Buffer);
                }
            }
        }
    }

    /// <summary>
    /// Active leases in each pool, for the pool gauges. Asked at each collection, so only a store that answers
    /// from memory (the embedded one) is counted; a store that would have to ask a database is not waited for.
    /// </summary>
    private IEnumerable<PoolUse> PoolsNow()
    {
        if (_responder is not { } responder || _store is not { } store)
        {
            return [];
        }

        var listed = store.ListAsync(CancellationToken.None).AsTask();
        if (!listed.IsCompletedSuccessfully)
        {
            return [];
        }

        var now = _time.GetUtcNow();
        var active = listed.Result.Where(l => l.Address.AddressFamily == AddressFamily.InterNetwork && l.IsActiveAt(now)).Select(l => Ipv4.ToUInt32(l.Address)).ToList();
        return responder.Scopes.Select(s => new PoolUse($"{s.Network}/{s.PrefixLength}", active.Count(s.InPool), s.PoolSize)).ToList();
    }

    public override void Dispose()
    {
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }

        base.Dispose();
    }

    /// <summary>
    /// A datagram waiting for its answer; Destination: the address it was sent to (IP_PKTINFO: the broadcast
    /// address or ours); Prepared: the boot policy has what it needs to decide (see <see cref="IBootPolicy.PrepareAsync"/>).
    /// </summary>
    /// Arrived: its receipt on the server's clock (<see cref="TimeProvider.GetTimestamp"/>), which the answer time counts from.
    private sealed record Received(DhcpListener Listener, byte[] Buffer, int Length, IPEndPoint Source, IPAddress Destination, long Arrived, bool Prepared = false);
}
