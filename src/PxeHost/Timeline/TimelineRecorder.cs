using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Timeline;

/// <summary>
/// Keeps every step of every machine's boot in <c>DATA-DIR/timeline.db</c>. It reads the boot-event
/// stream through a subscription of its own (a bounded channel that drops its oldest when full), so a
/// DHCP or TFTP path that publishes never waits for the disk; it writes what has queued up in one
/// transaction, up to <see cref="TimelineOptions.BatchSize"/> steps. Stopping writes what is queued first.
/// </summary>
public sealed partial class TimelineRecorder(
    BootEventStream events, string dataDirectory, TimelineOptions options, ILogger<TimelineRecorder> logger) : BackgroundService
{
    private BootEventSubscription? _steps;
    private TimelineWriter? _writer;
    private long _recorded;
    private long _lost;
    private string? _lastError;

    public string Path { get; } = System.IO.Path.Combine(dataDirectory, TimelineDatabase.FileName);

    /// <summary>Steps written so far.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>Steps lost because the file could not be written.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Events lost because the disk fell <see cref="TimelineOptions.Backlog"/> behind.</summary>
    public long Dropped => _steps?.Dropped ?? 0;

    /// <summary>Subscribes before the host goes on, so no step published after start is missed; a restart keeps the subscription and its queue.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _steps ??= events.Subscribe(TimelineSteps.HasStep, capacity: options.Backlog);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Ends the subscription, so the reader writes what is queued and stops, then waits for that.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _steps?.Dispose();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _steps?.Dispose();
        _writer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var reader = _steps!.Reader;
        var batch = new List<TimelineStep>(options.BatchSize);

        // Not cancelled by stoppingToken: the end of the subscription (StopAsync) ends the loop once the queue is written.
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < options.BatchSize && reader.TryRead(out var boot))
            {
                if (TimelineSteps.From(boot) is { } step)
                {
                    batch.Add(step);
                }
            }

            Write(batch);
        }
    }

    /// <summary>
    /// A timeline that cannot be written (disk full, a file the server's user may not write) costs its
    /// steps, never the server: the batch is dropped and logged, the file opened again for the next one.
    /// </summary>
    private void Write(List<TimelineStep> batch)
    {
        try
        {
            if (_writer is null)
            {
                _writer = new TimelineWriter(Path, options);
                Opened(logger, Path, _writer.Rows);
            }

            _writer.Write(batch);
            Interlocked.Add(ref _recorded, batch.Count);
            _lastError = null;
        }
        catch (InvalidOperationException e)
        {
            Failed(batch.Count, e);
        }
        catch (SqliteException e)
        {
            Failed(batch.Count, e);
        }
        catch (IOException e)
        {
            Failed(batch.Count, e);
        }
        catch (UnauthorizedAccessException e)
        {
            Failed(batch.Count, e);
        }
    }

    private void Failed(int lost, Exception error)
    {
        Interlocked.Add(ref _lost, lost);
        _writer?.Dispose();
        _writer = null;

        // One line per new problem, not one per batch while the disk stays full.
        if (_lastError != error.Message)
        {
            _lastError = error.Message;
            WriteFailed(logger, Path, lost, error.Message, error);
        }
    }

    [LoggerMessage(LogEventIds.Storage.TimelineOpened, LogLevel.Information, "timeline: recording boots in {Path} ({Rows} steps kept)")]
    private static partial void Opened(ILogger logger, string path, long rows);

    [LoggerMessage(LogEventIds.Storage.TimelineWriteFailed, LogLevel.Error, "timeline: cannot write {Path}, {Lost} steps lost: {Reason}; the boots go on being served, and the next steps are tried again")]
    private static partial void WriteFailed(ILogger logger, string path, int lost, string reason, Exception error);
}
