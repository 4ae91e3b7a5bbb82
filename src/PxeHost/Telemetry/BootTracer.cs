using System.Diagnostics;
using PxeHost.Timeline;
using PxeHost.Tftp;

namespace PxeHost.Telemetry;

/// <summary>
/// Each machine boot as one trace: a root span <c>boot</c> from the firmware's first DHCP request until the
/// boot falls quiet (or the next boot begins), and a child span for each DHCP exchange, TFTP transfer and
/// HTTP request of it, made when the step ends with the times the events carry. Spans go to whoever listens
/// to the <see cref="ActivitySourceName"/> source (the OTLP exporter); with no listener nothing is made.
/// </summary>
public sealed class BootTracer : IDisposable
{
    public const string ActivitySourceName = "PxeHost";

    private readonly ActivitySource _source = new(ActivitySourceName);

    /// <summary>A boot begins: its root span opens at its first step.</summary>
    public void Begin(BootUnderWay boot, TimelineStep first)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(first);

        // A root of its own: never a child of whatever activity this thread has.
        Activity.Current = null;
        var root = _source.StartActivity("boot", ActivityKind.Server, default(ActivityContext), Tags(first), startTime: boot.Started);
        Activity.Current = null;
        if (root is null)
        {
            return;
        }

        root.SetTag("pxehost.mac", boot.Mac);
        boot.Root = root;
        boot.Trace = root.Context;
    }

    /// <summary>A step of the boot: a request or transfer begun is remembered, one ended becomes a span.</summary>
    public void Step(BootUnderWay boot, TimelineStep step)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(step);
        if (boot.Trace == default)
        {
            return;
        }

        switch (step.Kind)
        {
            case TimelineStepKind.DhcpRequest or TimelineStepKind.BootServerRequest:
                boot.Begun[DhcpKey(step.Kind == TimelineStepKind.BootServerRequest)] = step.Time;
                break;
            case TimelineStepKind.TftpStarted or TimelineStepKind.HttpStarted:
                boot.Begun[FileKey(step)] = step.Time;
                break;
            case TimelineStepKind.DhcpAnswer or TimelineStepKind.BootServerAnswer or TimelineStepKind.DhcpNoAnswer:
                Span(boot, step, DhcpKey(step.Kind == TimelineStepKind.BootServerAnswer || step.Detail == "port 4011"));
                break;
            case TimelineStepKind.TftpEnded or TimelineStepKind.HttpEnded:
                Span(boot, step, FileKey(step));
                break;
        }
    }

    /// <summary>The boot is over for now: its root span ends at its last step. Later steps still join its trace.</summary>
    public static void End(BootUnderWay boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        if (boot.Root is not { } root)
        {
            return;
        }

        boot.Root = null;
        root.SetTag("pxehost.steps", boot.Steps.Count);
        root.SetEndTime(boot.LastSeen.UtcDateTime);
        root.Stop();
        Activity.Current = null;
    }

    public void Dispose() => _source.Dispose();

    private void Span(BootUnderWay boot, TimelineStep step, string key)
    {
        var start = boot.Begun.Remove(key, out var begun) ? begun : step.Time;
        var span = _source.StartActivity(NameOf(step), ActivityKind.Server, boot.Trace, Tags(step), startTime: start);
        Activity.Current = null;
        if (span is null)
        {
            return;
        }

        if (Failed(step))
        {
            span.SetStatus(ActivityStatusCode.Error, step.Reason);
        }

        span.SetEndTime(step.Time.UtcDateTime);
        span.Stop();
        Activity.Current = null;
    }

    private static string DhcpKey(bool bootServer) => bootServer ? "dhcp 4011" : "dhcp";

    private static string FileKey(TimelineStep step) =>
        (step.Kind is TimelineStepKind.TftpStarted or TimelineStepKind.TftpEnded ? "tftp " : "http ") + step.File;

    /// <summary>Span names of low cardinality (OpenTelemetry's advice): the protocol and the message, not the file.</summary>
    private static string NameOf(TimelineStep step) => step.Kind switch
    {
        TimelineStepKind.DhcpAnswer or TimelineStepKind.DhcpNoAnswer => $"DHCP {step.Request?.ToString().ToUpperInvariant() ?? "BOOTP"}",
        TimelineStepKind.BootServerAnswer => $"PXE boot server {step.Request?.ToString().ToUpperInvariant()}",
        TimelineStepKind.TftpEnded => "TFTP RRQ",
        _ => $"HTTP {step.Detail}",
    };

    private static bool Failed(TimelineStep step) => step.Kind switch
    {
        TimelineStepKind.DhcpNoAnswer => !step.Routine,
        TimelineStepKind.TftpEnded => step.Outcome is not (TftpTransferOutcome.Completed or TftpTransferOutcome.SizeProbe or TftpTransferOutcome.Unconfirmed),
        TimelineStepKind.HttpEnded => step.Status >= 400,
        _ => false,
    };

    private static List<KeyValuePair<string, object?>> Tags(TimelineStep step)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        Add(tags, "pxehost.mac", step.Mac);
        Add(tags, "client.address", step.ClientIp);
        Add(tags, "dhcp.request", step.Request?.ToString());
        Add(tags, "dhcp.reply", step.Reply?.ToString());
        Add(tags, "dhcp.vendor_class", step.VendorClass);
        Add(tags, "dhcp.client_architecture", step.Architecture?.ToString());
        Add(tags, "dhcp.offered", step.Offered);
        Add(tags, "pxehost.boot_file", step.BootFile);
        Add(tags, "pxehost.reason", step.Reason is { Length: > 0 } reason ? reason : null);
        Add(tags, "pxehost.file", step.File);
        Add(tags, "tftp.outcome", step.Outcome?.ToString());
        Add(tags, "tftp.retransmits", step.Retransmits);
        Add(tags, "tftp.blksize", step.BlockSize);
        Add(tags, "http.response.status_code", step.Status);
        Add(tags, "pxehost.bytes", step.Bytes);
        if (step.Kind == TimelineStepKind.HttpEnded)
        {
            Add(tags, "http.request.method", step.Detail);
        }

        return tags;
    }

    private static void Add(List<KeyValuePair<string, object?>> tags, string key, object? value)
    {
        if (value is not null)
        {
            tags.Add(new(key, value));
        }
    }
}
