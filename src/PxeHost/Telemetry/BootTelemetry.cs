using Microsoft.Extensions.Hosting;
using PxeHost.Events;
using PxeHost.Timeline;

namespace PxeHost.Telemetry;

/// <summary>
/// Reads the boot-event stream through a subscription of its own (bounded, dropping its oldest when
/// behind, so publishers never wait) and turns each machine's boots into telemetry: the boots counter and
/// stage latency histograms (<see cref="BootLatencies"/>), plan reloads, and, when traces are exported,
/// one trace per boot (<see cref="BootTracer"/>). A boot's root span ends once the machine has been quiet
/// for the timeline's quiet gap, when its next boot begins, or when the server stops.
/// </summary>
public sealed class BootTelemetry(BootEventStream events, PxeHostMetrics metrics, TimelineOptions timeline, TimeProvider time, BootTracer? tracer = null)
    : BackgroundService
{
    /// <summary>
    /// Events waiting for the metrics: under a flood of hostile datagrams the oldest are dropped rather than
    /// kept (each holds its datagrams; 65,536 of them held ~40 MB more in the wire-fuzz test). A real boot's
    /// latencies need a handful of events a second.
    /// </summary>
    public const int Backlog = 4096;

    private readonly Lock _gate = new();
    private readonly BootsUnderWay _boots = new(timeline.QuietGap);
    private readonly List<BootUnderWay> _ended = [];
    private BootEventSubscription? _events;
    private ITimer? _quiet;

    /// <summary>Machines whose current boot is kept.</summary>
    public int Machines
    {
        get
        {
            lock (_gate)
            {
                return _boots.Count;
            }
        }
    }

    /// <summary>Subscribes before the host goes on, so no event published after start is missed.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _events ??= events.Subscribe(Wanted, capacity: Backlog);
        if (tracer is not null && _quiet is null)
        {
            var every = timeline.QuietGap / 4;
            _quiet = time.CreateTimer(_ => EndQuietBoots(), null, every, every);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>Reads what is queued, then ends every open boot's root span, so the exporter sends them before the host stops.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _events?.Dispose();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        lock (_gate)
        {
            foreach (var boot in _boots.All)
            {
                BootTracer.End(boot);
            }
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _quiet?.Dispose();
        _events?.Dispose();
        base.Dispose();
    }

    /// <summary>One event, as the reader takes it from the stream (tests hand events here directly).</summary>
    public void Observe(BootEvent boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        switch (boot)
        {
            case PlanReloaded:
                metrics.PlanReloaded(ok: true);
                return;
            case PlanRefused:
                metrics.PlanReloaded(ok: false);
                return;
        }

        if (TimelineSteps.From(boot) is not { } found)
        {
            return;
        }

        // Latencies and spans need no datagrams: a boot under way keeps its steps without them (4,096
        // machines' steps with their packets would be tens of megabytes under a flood of random MACs).
        var step = found with { Packets = [] };
        lock (_gate)
        {
            _ended.Clear();
            var machine = _boots.Add(step, out var began, _ended);
            foreach (var over in _ended)
            {
                BootTracer.End(over);
            }

            if (began)
            {
                metrics.BootStarted();
                tracer?.Begin(machine, step);
            }

            tracer?.Step(machine, step);

            // Only a kept step can end a stage (progress cannot; past the cap a boot is a flood, not a boot): reading a
            // boot's stages costs its step count, so a flood from one MAC must not pay it for every datagram.
            if (machine.Grew)
            {
                BootLatencies.Record(machine, metrics);
            }
        }
    }

    /// <summary>Ends the root spans of boots quiet for the quiet gap (the timer calls it; a later step still joins their trace).</summary>
    public void EndQuietBoots()
    {
        lock (_gate)
        {
            foreach (var boot in _boots.QuietSince(time.GetUtcNow()))
            {
                BootTracer.End(boot);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var reader = _events!.Reader;

        // Not cancelled by stoppingToken: the end of the subscription (StopAsync) ends the loop once the queue is read.
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (reader.TryRead(out var boot))
            {
                Observe(boot);
            }
        }
    }

    private static bool Wanted(BootEvent boot) => boot is PlanReloaded or PlanRefused || TimelineSteps.HasStep(boot);
}
