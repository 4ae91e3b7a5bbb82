namespace PxeHost.Events;

/// <summary>
/// The instruments of the <c>PxeHost</c> meter and their tags, named after OpenTelemetry's conventions
/// (dotted, lower case): what a collector (dotnet-counters, an OpenTelemetry exporter) shows.
/// </summary>
public static class MetricNames
{
    public const string Meter = "PxeHost";

    /// <summary>DHCP datagrams received, on every port.</summary>
    public const string DhcpReceived = "pxehost.dhcp.received";

    /// <summary>Datagrams that did not parse as DHCP (truncated, bad hlen, option overrun …) or were too large to read whole.</summary>
    public const string DhcpMalformed = "pxehost.dhcp.malformed";

    /// <summary>Well-formed requests that got no reply, each for a logged reason.</summary>
    public const string DhcpDropped = "pxehost.dhcp.dropped";

    /// <summary>Requests dropped because the queue was full.</summary>
    public const string DhcpOverflow = "pxehost.dhcp.overflow";

    /// <summary>DHCP socket errors (receive or reopen); the socket is opened again.</summary>
    public const string DhcpSocketErrors = "pxehost.dhcp.socket_errors";

    /// <summary>Replies sent, tagged with <see cref="DhcpMessageTypeTag"/>.</summary>
    public const string DhcpReplies = "pxehost.dhcp.replies";

    /// <summary>Replies withheld because their lease could not be stored.</summary>
    public const string DhcpSaveFailures = "pxehost.dhcp.save_failures";

    public const string TftpMalformed = "pxehost.tftp.malformed";

    public const string TftpTransfersStarted = "pxehost.tftp.transfers.started";

    /// <summary>Transfers ended, tagged with <see cref="TftpOutcomeTag"/>.</summary>
    public const string TftpTransfersEnded = "pxehost.tftp.transfers.ended";

    /// <summary>Transfers under way (an up-down counter).</summary>
    public const string TftpTransfersActive = "pxehost.tftp.transfers.active";

    /// <summary>File bytes the clients acknowledged.</summary>
    public const string TftpBytesSent = "pxehost.tftp.bytes_sent";

    public const string TftpRetransmits = "pxehost.tftp.retransmits";

    /// <summary>Replies that could not be sent (no route to the client, a broadcast or invalid source address): the busy reply or the transfer is dropped.</summary>
    public const string TftpSendFailures = "pxehost.tftp.send_failures";

    /// <summary>Errors of a listening socket's receive; the listener goes on receiving.</summary>
    public const string TftpReceiveErrors = "pxehost.tftp.receive_errors";

    /// <summary>Requests answered "busy", tagged with <see cref="TftpLimitTag"/>: the server's or the client address's transfer limit.</summary>
    public const string TftpBusy = "pxehost.tftp.busy";

    /// <summary>Files read from disk into the shared content cache.</summary>
    public const string TftpCacheLoads = "pxehost.tftp.cache.loads";

    /// <summary>Opens served from content another request had loaded (or was loading).</summary>
    public const string TftpCacheHits = "pxehost.tftp.cache.hits";

    /// <summary>Save calls that reached the lease store's write queue.</summary>
    public const string LeaseStoreSaves = "pxehost.lease_store.saves";

    /// <summary>Committed transactions; under load each carries many saves (group commit).</summary>
    public const string LeaseStoreCommits = "pxehost.lease_store.commits";

    public const string LeaseStoreLeasesWritten = "pxehost.lease_store.leases_written";

    public const string LeaseStoreCommitFailures = "pxehost.lease_store.commit_failures";

    /// <summary>HTTP requests answered, tagged with <see cref="HttpMethodTag"/> and <see cref="HttpStatusTag"/>.</summary>
    public const string HttpRequests = "pxehost.http.requests";

    /// <summary>Services started again after their work ended in an exception, tagged with <see cref="ServiceTag"/>.</summary>
    public const string ServiceRestarts = "pxehost.service.restarts";

    /// <summary>
    /// Each DHCP request once, when it is answered or not (Tinkerbell smee's <c>dhcp_total</c>), tagged with
    /// <see cref="OpTag"/>, <see cref="OutcomeTag"/>, <see cref="PortTag"/> and <see cref="GiaddrTag"/>.
    /// </summary>
    public const string Dhcp = "dhcp";

    /// <summary>Seconds from a DHCPDISCOVER's arrival to its answer (smee's <c>discover_duration_seconds</c>), tagged with <see cref="FromTag"/>.</summary>
    public const string DiscoverDuration = "discover.duration";

    /// <summary>Requests served, tagged with <see cref="FromTag"/> (dhcp, tftp, http) and <see cref="OpTag"/> (smee's <c>jobs_total</c>).</summary>
    public const string Jobs = "jobs";

    /// <summary>TFTP transfers and HTTP requests under way, tagged as <see cref="Jobs"/> (smee's <c>jobs_in_progress</c>).</summary>
    public const string JobsInProgress = "jobs.in_progress";

    /// <summary>Seconds to serve a request, tagged as <see cref="Jobs"/> (smee's <c>jobs_duration_seconds</c>).</summary>
    public const string JobsDuration = "jobs.duration";

    /// <summary>Response bytes of HTTP GETs (their Content-Length), tagged with <see cref="OutcomeTag"/>.</summary>
    public const string HttpBytesSent = "pxehost.http.bytes_sent";

    /// <summary>HTTP requests ended, tagged with <see cref="OutcomeTag"/>.</summary>
    public const string HttpTransfersEnded = "pxehost.http.transfers.ended";

    /// <summary>HTTP requests under way (an up-down counter).</summary>
    public const string HttpTransfersActive = "pxehost.http.transfers.active";

    /// <summary>Pool addresses leased now (active leases), per scope (<see cref="ScopeTag"/>).</summary>
    public const string DhcpPoolUsed = "pxehost.dhcp.pool.used";

    /// <summary>Addresses in the pools, per scope (<see cref="ScopeTag"/>).</summary>
    public const string DhcpPoolSize = "pxehost.dhcp.pool.size";

    /// <summary>Edits of the configuration file taken in, tagged with <see cref="OutcomeTag"/>: <c>ok</c> or <c>refused</c>.</summary>
    public const string PlanReloads = "pxehost.plan.reloads";

    /// <summary>Machine boots begun: where the timeline starts a boot (a firmware DISCOVER after a quiet spell).</summary>
    public const string Boots = "pxehost.boots";

    /// <summary>Seconds each stage of a machine's boot took, tagged with <see cref="StageTag"/>.</summary>
    public const string BootStageDuration = "pxehost.boot.stage.duration";

    /// <summary>Seconds from a boot's first DHCP request to the start of a stage, tagged with <see cref="StageTag"/>.</summary>
    public const string BootStageReached = "pxehost.boot.stage.reached";

    /// <summary>The DHCP message type as smee names it (<c>DHCPDISCOVER</c> …), or the TFTP/HTTP operation (<c>read</c>, <c>file</c>).</summary>
    public const string OpTag = "op";

    /// <summary>What became of a request: the reply (offer, ack, nak), or why none (ignored, dropped, save_failed, send_failed); an HTTP or plan outcome.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>The port a DHCP request came to: 67 (DHCP, proxyDHCP) or 4011 (the PXE boot server).</summary>
    public const string PortTag = "port";

    /// <summary>The relay agent's address (giaddr), <c>0.0.0.0</c> for clients on the link, as smee tags it.</summary>
    public const string GiaddrTag = "giaddr";

    /// <summary>The protocol of a job: dhcp, tftp, http (smee's label).</summary>
    public const string FromTag = "from";

    /// <summary>A DHCP scope's subnet, <c>10.0.0.0/24</c>.</summary>
    public const string ScopeTag = "scope";

    /// <summary>A boot stage: dhcp, boot_file, loader, config, kernel, initrd.</summary>
    public const string StageTag = "stage";

    /// <summary>The supervised service's type name (TftpServer, DhcpServer, …).</summary>
    public const string ServiceTag = "service";

    public const string DhcpMessageTypeTag = "dhcp.message_type";

    public const string TftpOutcomeTag = "tftp.outcome";

    /// <summary>Which limit a busy reply enforced: <c>server</c> or <c>client</c>.</summary>
    public const string TftpLimitTag = "tftp.limit";

    public const string HttpMethodTag = "http.request.method";

    public const string HttpStatusTag = "http.response.status_code";
}
