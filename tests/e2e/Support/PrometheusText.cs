using System.Globalization;

namespace PxeHost.E2E.Tests.Support;

/// <summary>Reading a scrape of /metrics (Prometheus text): one series' value by its name and some of its labels.</summary>
public static class PrometheusText
{
    /// <summary>The value of the one series of <paramref name="metric"/> whose line holds every label given; −1 when none does.</summary>
    public static double Value(string text, string metric, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = text.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .ToList();
        return found.Count switch
        {
            0 => -1,
            1 => double.Parse(found[0].Split(' ')[^1], CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"{found.Count} series of {metric} with {string.Join(',', labels)}:\n{string.Join('\n', found)}"),
        };
    }
}
