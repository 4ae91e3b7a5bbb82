using System.Globalization;
using PxeHost.Events;
using PxeHost.Storage;

namespace PxeHost.Timeline;

/// <summary>Turns a boot event into the step the timeline keeps; events of no machine (a plan reload, a fetch from an unknown address) have none.</summary>
public static class TimelineSteps
{
    public static bool HasStep(BootEvent boot) => From(boot) is not null;

    public static TimelineStep? From(BootEvent boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        if (boot.Mac is not { } mac || MacAddressText.Format(mac) is not { Length: > 0 } text)
        {
            return null;
        }

        var step = Of(boot, text);
        return step is null ? null : step with { ClientIp = boot.ClientIp?.ToString(), Packets = boot.Packets };
    }

    private static TimelineStep? Of(BootEvent boot, string mac) => boot switch
    {
        DhcpRequestReceived received => new TimelineStep
        {
            Time = boot.Time,
            Mac = mac,
            Kind = received is BootServerRequestReceived ? TimelineStepKind.BootServerRequest : TimelineStepKind.DhcpRequest,
            Request = received.Request,
            Architecture = received.Architecture,
            VendorClass = received.VendorClass,
            Stage = received.Stage,
            ServerIdentifier = received.ServerIdentifier?.ToString(),
        },
        DhcpAnswered answered => new TimelineStep
        {
            Time = boot.Time,
            Mac = mac,
            Kind = answered is BootServerAnswered ? TimelineStepKind.BootServerAnswer : TimelineStepKind.DhcpAnswer,
            Request = answered.Request,
            Reply = answered.Reply,
            Offered = answered.Offered?.ToString(),
            BootFile = answered.BootFile,
            Reason = answered.Reason,
            Rule = answered.Rule,
            ServerIdentifier = answered.ServerIdentifier?.ToString(),
        },
        DhcpNotAnswered ignored => new TimelineStep
        {
            Time = boot.Time,
            Mac = mac,
            Kind = TimelineStepKind.DhcpNoAnswer,
            Request = ignored.Request,
            Reason = ignored.Reason,
            Routine = ignored.Routine,
            Detail = ignored.BootServerPort ? "port 4011" : null,
        },
        TftpTransferStarted started => new TimelineStep
        {
            Time = boot.Time,
            Mac = mac,
            Kind = TimelineStepKind.TftpStarted,
            File = started.File,
            Detail = string.Join(' ', started.Options.Select(o => $"{o.Name}={o.Value}")),
        },
        TftpTransferProgress progress => new TimelineStep
        {
            Time = boot.Time, Mac = mac, Kind = TimelineStepKind.TftpProgress, File = progress.File, Bytes = progress.Bytes, Size = progress.Size,
        },
        TftpTransferEnded ended => new TimelineStep
        {
            Time = boot.Time,
            Mac = mac,
            Kind = TimelineStepKind.TftpEnded,
            File = ended.File,
            Outcome = ended.Outcome,
            Bytes = ended.Bytes,
            Size = ended.Size,
            Retransmits = ended.Retransmits,
            Milliseconds = ended.Duration.TotalMilliseconds,
            Reason = ended.Reason,
            BlockSize = ended.BlockSize,
            Detail = string.Create(CultureInfo.InvariantCulture, $"windowsize={ended.WindowSize}"),
        },
        HttpRequestStarted started => new TimelineStep
        {
            Time = boot.Time, Mac = mac, Kind = TimelineStepKind.HttpStarted, File = started.Path, Detail = started.Method,
        },
        HttpRequestEnded ended => new TimelineStep
        {
            Time = boot.Time,
            Mac = mac,
            Kind = TimelineStepKind.HttpEnded,
            File = ended.Path,
            Detail = ended.Method,
            Status = ended.Status,
            Bytes = ended.Bytes,
            Milliseconds = ended.Duration.TotalMilliseconds,
            Reason = ended.Reason,
        },
        BootOnceUsed once => new TimelineStep { Time = boot.Time, Mac = mac, Kind = TimelineStepKind.BootOnceUsed, Profile = once.Profile },
        _ => null,
    };
}
