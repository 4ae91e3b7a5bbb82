using System.Diagnostics;
using PxeHost.Lab;
using PxeHost.Timeline;

namespace PxeHost.Telemetry;

/// <summary>
/// One machine's boot as far as it has come: its steps (without TFTP progress, at most a few hundred),
/// the stages whose latency has been recorded, and its trace while it is traced.
/// </summary>
public sealed class BootUnderWay(string mac, DateTimeOffset started)
{
    public string Mac { get; } = mac;

    /// <summary>Its first step: the firmware's DHCP request.</summary>
    public DateTimeOffset Started { get; } = started;

    public DateTimeOffset LastSeen { get; internal set; } = started;

    public List<TimelineStep> Steps { get; } = [];

    /// <summary>Whether the last step given to it was kept in <see cref="Steps"/> (not progress, not past the cap): only then can a stage have ended.</summary>
    public bool Grew { get; set; }

    /// <summary>Stages whose histograms have their measurement of this boot.</summary>
    internal HashSet<BootStage> Recorded { get; } = [];

    /// <summary>The boot's root span while it is open; ended after a quiet spell or when the next boot begins.</summary>
    internal Activity? Root { get; set; }

    /// <summary>The trace every step of the boot is a span of (also after the root span has ended).</summary>
    internal ActivityContext Trace { get; set; }

    /// <summary>Requests and transfers begun, waiting for their end to become spans: by kind and file, the time they began.</summary>
    internal Dictionary<string, DateTimeOffset> Begun { get; } = new(StringComparer.Ordinal);
}
