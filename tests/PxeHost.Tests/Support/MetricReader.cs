using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PxeHost.Events;

namespace PxeHost.Tests.Support;

/// <summary>
/// Totals of one server's instruments, read the way a collector reads them (a <see cref="MeterListener"/>).
/// Each server under test counts on a meter of its own, and this listens to that meter only, so servers
/// running side by side in the test process never see each other's counts.
/// </summary>
public sealed class MetricReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);

    public MetricReader(PxeHostMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>The sum of every measurement of <paramref name="instrument"/> so far.</summary>
    public long Total(string instrument) => _totals.GetValueOrDefault(instrument);

    /// <summary>The sum of the measurements of <paramref name="instrument"/> that carried <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public long Total(string instrument, string tag, object value) => _totals.GetValueOrDefault(Key(instrument, tag, value));

    private void OnMeasurement(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        _totals.AddOrUpdate(instrument.Name, measurement, (_, total) => total + measurement);
        foreach (var tag in tags)
        {
            _totals.AddOrUpdate(Key(instrument.Name, tag.Key, tag.Value), measurement, (_, total) => total + measurement);
        }
    }

    private static string Key(string instrument, string tag, object? value) => $"{instrument}|{tag}={value}";

    public void Dispose() => _listener.Dispose();
}
