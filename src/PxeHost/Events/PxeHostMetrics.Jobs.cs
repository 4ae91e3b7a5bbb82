using System.Diagnostics.Metrics;
using System.Net;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Events;

/// <summary>
/// The instruments dashboards made for Tinkerbell smee read (<c>dhcp_total</c>, <c>discover_duration_seconds</c>,
/// <c>jobs_*</c>), the HTTP transfers, the lease pools, plan reloads and the boots' stage latencies.
/// </summary>
public sealed partial class PxeHostMetrics
{
    /// <summary>DHCP answers take microseconds, a lease commit or a boot API milliseconds.</summary>
    private static readonly double[] ReplyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    /// <summary>A script is instant; a kernel over TFTP on a slow link takes minutes.</summary>
    private static readonly double[] TransferBuckets = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>A stage takes from milliseconds (DHCP on the link) to minutes (a firmware's retries, a menu's timeout, a large initrd).</summary>
    private static readonly double[] StageBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

    private static readonly KeyValuePair<string, object?>[] TftpJob = [new(MetricNames.FromTag, "tftp"), new(MetricNames.OpTag, "read")];

    /// <summary>smee's giaddr label of a client on the link (no relay).</summary>
    private const string OnLink = "0.0.0.0";

    private readonly Counter<long> _dhcp;
    private readonly Histogram<double> _discoverDuration;
    private readonly Counter<long> _jobs;
    private readonly UpDownCounter<long> _jobsInProgress;
    private readonly Histogram<double> _jobsDuration;
    private readonly Counter<long> _httpBytes;
    private readonly Counter<long> _httpEnded;
    private readonly UpDownCounter<long> _httpActive;
    private readonly Counter<long> _planReloads;
    private readonly Counter<long> _boots;
    private readonly Histogram<double> _stageDuration;
    private readonly Histogram<double> _stageReached;
    private Func<IEnumerable<PoolUse>>? _pools;

    /// <summary>
    /// A DHCP request answered or not, once: <paramref name="outcome"/> is the reply's type (<see cref="Tag(DhcpMessageType?)"/>)
    /// or why there was none. A DISCOVER's answer time goes to <see cref="MetricNames.DiscoverDuration"/>.
    /// </summary>
    internal void DhcpHandled(DhcpMessageType? request, string outcome, bool bootServerPort, IPAddress giaddr, TimeSpan took)
    {
        var op = Op(request);
        _dhcp.Add(
            1,
            new KeyValuePair<string, object?>(MetricNames.OpTag, op),
            new KeyValuePair<string, object?>(MetricNames.OutcomeTag, outcome),
            new KeyValuePair<string, object?>(MetricNames.PortTag, bootServerPort ? "4011" : "67"),
            new KeyValuePair<string, object?>(MetricNames.GiaddrTag, IPAddress.Any.Equals(giaddr) ? OnLink : giaddr.ToString()));
        // On the stack: this runs for every DHCP request.
        ReadOnlySpan<KeyValuePair<string, object?>> job = [new(MetricNames.FromTag, "dhcp"), new(MetricNames.OpTag, op)];
        _jobs.Add(1, job);
        _jobsDuration.Record(took.TotalSeconds, job);
        if (request == DhcpMessageType.Discover)
        {
            _discoverDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>(MetricNames.FromTag, "dhcp"));
        }
    }

    internal void HttpStarted(string method)
    {
        _httpActive.Add(1);
        JobStarted(HttpJob(method));
    }

    /// <summary>An HTTP request ended: <paramref name="bytes"/> is the Content-Length of a GET answered with a body, else null.</summary>
    internal void HttpEnded(string method, string outcome, long? bytes, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>(MetricNames.OutcomeTag, outcome);
        _httpActive.Add(-1);
        _httpEnded.Add(1, tag);
        if (bytes is { } sent)
        {
            _httpBytes.Add(sent, tag);
        }

        JobEnded(HttpJob(method), duration);
    }

    internal void PlanReloaded(bool ok) => _planReloads.Add(1, new KeyValuePair<string, object?>(MetricNames.OutcomeTag, ok ? "ok" : "refused"));

    internal void BootStarted() => _boots.Add(1);

    /// <summary>A stage of one boot: how long it took, and how long after the boot's first DHCP request it began.</summary>
    internal void BootStage(string stage, TimeSpan? took, TimeSpan? reached)
    {
        var tag = new KeyValuePair<string, object?>(MetricNames.StageTag, stage);
        if (took is { } duration)
        {
            _stageDuration.Record(duration.TotalSeconds, tag);
        }

        if (reached is { } since)
        {
            _stageReached.Record(since.TotalSeconds, tag);
        }
    }

    /// <summary>Where the pool gauges read from: the DHCP service's lease store, asked at each collection.</summary>
    internal void ObservePoolsWith(Func<IEnumerable<PoolUse>> pools) => Volatile.Write(ref _pools, pools);

    /// <summary>smee's op label: the DHCP message type as RFC 2132 §9.6 spells it.</summary>
    internal static string Op(DhcpMessageType? type) => type switch
    {
        DhcpMessageType.Discover => "DHCPDISCOVER",
        DhcpMessageType.Offer => "DHCPOFFER",
        DhcpMessageType.Request => "DHCPREQUEST",
        DhcpMessageType.Decline => "DHCPDECLINE",
        DhcpMessageType.Ack => "DHCPACK",
        DhcpMessageType.Nak => "DHCPNAK",
        DhcpMessageType.Release => "DHCPRELEASE",
        DhcpMessageType.Inform => "DHCPINFORM",
        null => "BOOTREQUEST",
        _ => "other",
    };

    /// <summary>An HTTP answer's outcome by status: what a dashboard tells apart.</summary>
    internal static string HttpOutcome(int status, bool aborted) => aborted ? "client_aborted" : status switch
    {
        >= 200 and < 300 => "completed",
        304 => "not_modified",
        404 => "not_found",
        >= 400 and < 500 => "refused",
        >= 500 => "failed",
        _ => "other",
    };

    private static KeyValuePair<string, object?>[] HttpJob(string method) =>
        [new(MetricNames.FromTag, "http"), new(MetricNames.OpTag, method == "HEAD" ? "probe" : "file")];

    private static InstrumentAdvice<double> Seconds(double[] buckets) => new() { HistogramBucketBoundaries = buckets };

    private void JobStarted(KeyValuePair<string, object?>[] job) => _jobsInProgress.Add(1, job);

    private void JobEnded(KeyValuePair<string, object?>[] job, TimeSpan duration)
    {
        _jobsInProgress.Add(-1, job);
        _jobs.Add(1, job);
        _jobsDuration.Record(duration.TotalSeconds, job);
    }

    private List<Measurement<long>> ObservePools(bool used)
    {
        if (Volatile.Read(ref _pools) is not { } pools)
        {
            return [];
        }

        return pools().Select(p => new Measurement<long>(used ? p.Used : p.Size, new KeyValuePair<string, object?>(MetricNames.ScopeTag, p.Scope))).ToList();
    }
}
