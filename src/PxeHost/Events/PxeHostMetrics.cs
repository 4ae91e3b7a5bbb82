using System.Diagnostics.Metrics;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tftp;

namespace PxeHost.Events;

/// <summary>
/// The server's counters as instruments of one <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <c>PxeHost</c>. In the host it comes from <see cref="IMeterFactory"/> (one meter for every service);
/// a service built without one makes its own, so servers started side by side (tests) each count
/// apart, and a listener tells them apart by <see cref="Meter"/>.
/// </summary>
public sealed partial class PxeHostMetrics : IDisposable
{
    private readonly bool _ownsMeter;
    private readonly Counter<long> _dhcpReceived;
    private readonly Counter<long> _dhcpMalformed;
    private readonly Counter<long> _dhcpDropped;
    private readonly Counter<long> _dhcpSocketErrors;
    private readonly Counter<long> _dhcpOverflow;
    private readonly Counter<long> _dhcpReplies;
    private readonly Counter<long> _dhcpSaveFailures;
    private readonly Counter<long> _tftpMalformed;
    private readonly Counter<long> _tftpStarted;
    private readonly Counter<long> _tftpEnded;
    private readonly UpDownCounter<long> _tftpActive;
    private readonly Counter<long> _tftpBytes;
    private readonly Counter<long> _tftpRetransmits;
    private readonly Counter<long> _tftpCacheLoads;
    private readonly Counter<long> _tftpSendFailures;
    private readonly Counter<long> _tftpReceiveErrors;
    private readonly Counter<long> _tftpBusy;
    private readonly Counter<long> _tftpCacheHits;
    private readonly Counter<long> _leaseSaves;
    private readonly Counter<long> _leaseCommits;
    private readonly Counter<long> _leasesWritten;
    private readonly Counter<long> _leaseCommitFailures;
    private readonly Counter<long> _httpRequests;
    private readonly Counter<long> _serviceRestarts;

    public PxeHostMetrics(IMeterFactory? factory = null)
    {
        Meter = factory?.Create(MetricNames.Meter) ?? new Meter(MetricNames.Meter);
        _ownsMeter = factory is null;
        _dhcpReceived = Meter.CreateCounter<long>(MetricNames.DhcpReceived, "{datagram}", "DHCP datagrams received");
        _dhcpMalformed = Meter.CreateCounter<long>(MetricNames.DhcpMalformed, "{datagram}", "DHCP datagrams dropped unparsed");
        _dhcpDropped = Meter.CreateCounter<long>(MetricNames.DhcpDropped, "{request}", "DHCP requests that got no reply");
        _dhcpOverflow = Meter.CreateCounter<long>(MetricNames.DhcpOverflow, "{request}", "DHCP requests dropped because the queue was full");
        _dhcpSocketErrors = Meter.CreateCounter<long>(MetricNames.DhcpSocketErrors, "{error}", "DHCP socket errors; the socket is opened again");
        _dhcpReplies = Meter.CreateCounter<long>(MetricNames.DhcpReplies, "{reply}", "DHCP replies sent");
        _dhcpSaveFailures = Meter.CreateCounter<long>(MetricNames.DhcpSaveFailures, "{reply}", "DHCP replies withheld: the lease was not stored");
        _tftpMalformed = Meter.CreateCounter<long>(MetricNames.TftpMalformed, "{packet}", "TFTP packets dropped unparsed");
        _tftpStarted = Meter.CreateCounter<long>(MetricNames.TftpTransfersStarted, "{transfer}", "TFTP requests taken");
        _tftpEnded = Meter.CreateCounter<long>(MetricNames.TftpTransfersEnded, "{transfer}", "TFTP transfers ended, by outcome");
        _tftpActive = Meter.CreateUpDownCounter<long>(MetricNames.TftpTransfersActive, "{transfer}", "TFTP transfers under way");
        _tftpBytes = Meter.CreateCounter<long>(MetricNames.TftpBytesSent, "By", "File bytes acknowledged by TFTP clients");
        _tftpRetransmits = Meter.CreateCounter<long>(MetricNames.TftpRetransmits, "{retransmit}", "TFTP retransmissions after a timeout");
        _tftpSendFailures = Meter.CreateCounter<long>(MetricNames.TftpSendFailures, "{packet}", "TFTP replies that could not be sent");
        _tftpReceiveErrors = Meter.CreateCounter<long>(MetricNames.TftpReceiveErrors, "{error}", "TFTP listening socket receive errors");
        _tftpBusy = Meter.CreateCounter<long>(MetricNames.TftpBusy, "{request}", "TFTP requests refused as busy, by limit");
        _tftpCacheLoads = Meter.CreateCounter<long>(MetricNames.TftpCacheLoads, "{file}", "Files read from disk into the TFTP content cache");
        _tftpCacheHits = Meter.CreateCounter<long>(MetricNames.TftpCacheHits, "{open}", "TFTP opens served from content already cached");
        _leaseSaves = Meter.CreateCounter<long>(MetricNames.LeaseStoreSaves, "{save}", "Saves queued for the lease database");
        _leaseCommits = Meter.CreateCounter<long>(MetricNames.LeaseStoreCommits, "{transaction}", "Lease database commits");
        _leasesWritten = Meter.CreateCounter<long>(MetricNames.LeaseStoreLeasesWritten, "{lease}", "Leases written to the lease database");
        _leaseCommitFailures = Meter.CreateCounter<long>(MetricNames.LeaseStoreCommitFailures, "{transaction}", "Failed lease database commits");
        _httpRequests = Meter.CreateCounter<long>(MetricNames.HttpRequests, "{request}", "HTTP requests answered");
        _serviceRestarts = Meter.CreateCounter<long>(MetricNames.ServiceRestarts, "{restart}", "Services started again after a fault");
        _dhcp = Meter.CreateCounter<long>(MetricNames.Dhcp, "{request}", "DHCP requests by op (message type), outcome, port and relay");
        _discoverDuration = Meter.CreateHistogram(MetricNames.DiscoverDuration, "s", "Time from a DHCPDISCOVER's arrival to its answer", advice: Seconds(ReplyBuckets));
        _jobs = Meter.CreateCounter<long>(MetricNames.Jobs, "{job}", "Requests served, by protocol (from) and op");
        _jobsInProgress = Meter.CreateUpDownCounter<long>(MetricNames.JobsInProgress, "{job}", "TFTP and HTTP requests under way, by protocol (from) and op");
        _jobsDuration = Meter.CreateHistogram(MetricNames.JobsDuration, "s", "Time to serve a request, by protocol (from) and op", advice: Seconds(TransferBuckets));
        _httpBytes = Meter.CreateCounter<long>(MetricNames.HttpBytesSent, "By", "HTTP response bytes (Content-Length of GETs), by outcome");
        _httpEnded = Meter.CreateCounter<long>(MetricNames.HttpTransfersEnded, "{request}", "HTTP requests ended, by outcome");
        _httpActive = Meter.CreateUpDownCounter<long>(MetricNames.HttpTransfersActive, "{request}", "HTTP requests under way");
        _planReloads = Meter.CreateCounter<long>(MetricNames.PlanReloads, "{reload}", "Edits of the configuration file, by outcome (ok, refused)");
        _boots = Meter.CreateCounter<long>(MetricNames.Boots, "{boot}", "Machine boots begun (a firmware DISCOVER after a quiet spell)");
        _stageDuration = Meter.CreateHistogram(MetricNames.BootStageDuration, "s", "How long each stage of a machine's boot took", advice: Seconds(StageBuckets));
        _stageReached = Meter.CreateHistogram(MetricNames.BootStageReached, "s", "Time from a boot's first DHCP request to the start of each stage", advice: Seconds(StageBuckets));
        Meter.CreateObservableGauge(MetricNames.DhcpPoolUsed, () => ObservePools(used: true), "{address}", "Pool addresses leased now, per scope");
        Meter.CreateObservableGauge(MetricNames.DhcpPoolSize, () => ObservePools(used: false), "{address}", "Pool addresses, per scope");
    }

    public Meter Meter { get; }

    public void TftpCacheLoaded() => _tftpCacheLoads.Add(1);

    public void TftpCacheHit() => _tftpCacheHits.Add(1);

    internal void DhcpReceived() => _dhcpReceived.Add(1);

    internal void DhcpMalformed() => _dhcpMalformed.Add(1);

    internal void DhcpDropped() => _dhcpDropped.Add(1);

    internal void DhcpOverflow() => _dhcpOverflow.Add(1);

    internal void DhcpSocketFailed() => _dhcpSocketErrors.Add(1);

    internal void DhcpSaveFailed() => _dhcpSaveFailures.Add(1);

    internal void DhcpReplied(DhcpMessageType? type) =>
        _dhcpReplies.Add(1, new KeyValuePair<string, object?>(MetricNames.DhcpMessageTypeTag, Tag(type)));

    internal void TftpMalformed() => _tftpMalformed.Add(1);

    internal void TftpTransferStarted()
    {
        _tftpStarted.Add(1);
        JobStarted(TftpJob);
    }

    internal void TftpTransferEnded(TftpTransferOutcome outcome, long bytes, int retransmits, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>(MetricNames.TftpOutcomeTag, Tag(outcome));
        _tftpEnded.Add(1, tag);
        _tftpBytes.Add(bytes, tag);
        _tftpRetransmits.Add(retransmits);
        JobEnded(TftpJob, duration);
    }

    internal void TftpActiveChanged(int delta) => _tftpActive.Add(delta);

    internal void TftpSendFailed() => _tftpSendFailures.Add(1);

    internal void TftpReceiveError() => _tftpReceiveErrors.Add(1);

    internal void TftpBusy(bool clientLimit) =>
        _tftpBusy.Add(1, new KeyValuePair<string, object?>(MetricNames.TftpLimitTag, clientLimit ? "client" : "server"));

    internal void LeaseSaveQueued() => _leaseSaves.Add(1);

    internal void LeasesCommitted(int leases)
    {
        _leaseCommits.Add(1);
        _leasesWritten.Add(leases);
    }

    internal void LeaseCommitFailed() => _leaseCommitFailures.Add(1);

    internal void HttpAnswered(string method, int status) =>
        _httpRequests.Add(1, new KeyValuePair<string, object?>(MetricNames.HttpMethodTag, method), new KeyValuePair<string, object?>(MetricNames.HttpStatusTag, status));

    internal void ServiceRestarted(string service) => _serviceRestarts.Add(1, new KeyValuePair<string, object?>(MetricNames.ServiceTag, service));

    /// <summary>Tag values from a fixed set of strings: no allocation per DHCP reply.</summary>
    internal static string Tag(DhcpMessageType? type) => type switch
    {
        DhcpMessageType.Offer => "offer",
        DhcpMessageType.Ack => "ack",
        DhcpMessageType.Nak => "nak",
        null => "bootp",
        _ => "other",
    };

    internal static string Tag(TftpTransferOutcome outcome) => outcome switch
    {
        TftpTransferOutcome.Completed => "completed",
        TftpTransferOutcome.SizeProbe => "size_probe",
        TftpTransferOutcome.Unconfirmed => "unconfirmed",
        TftpTransferOutcome.Refused => "refused",
        TftpTransferOutcome.ClientAborted => "client_aborted",
        TftpTransferOutcome.TimedOut => "timed_out",
        TftpTransferOutcome.ClientGone => "client_gone",
        _ => "cancelled",
    };

    /// <summary>Disposes the meter only when this made it; a factory's meters are the factory's.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
