using PxeHost.Boot;

namespace PxeHost.Timeline;

/// <summary>
/// Where one boot of a machine ends and the next begins: at a DHCP DISCOVER from firmware (PXE or
/// HTTP Boot: option 60 <c>PXEClient</c>/<c>HTTPClient</c>, not iPXE) after <see cref="TimelineOptions.QuietGap"/>
/// of silence from the machine. The machine's first step ever starts its first boot. An operating
/// system's own DHCP (no PXE vendor class) never starts one: it is the end of the boot before.
/// </summary>
public static class BootBoundary
{
    public static bool StartsBoot(TimelineStep step, DateTimeOffset? lastSeen, TimeSpan quietGap)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (lastSeen is not { } last)
        {
            return true;
        }

        return IsFirmwareDiscover(step) && step.Time - last >= quietGap;
    }

    /// <summary>A DHCP DISCOVER from PXE or HTTP Boot firmware, not from iPXE or an operating system.</summary>
    public static bool IsFirmwareDiscover(TimelineStep step) =>
        step is { Kind: TimelineStepKind.DhcpRequest, Request: Protocol.Dhcp.DhcpMessageType.Discover, Stage: FirmwareStage.Firmware or FirmwareStage.HttpBootFirmware };
}
