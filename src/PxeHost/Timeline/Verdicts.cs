using System.Globalization;
using PxeHost.Boot;
using PxeHost.Boot.Loaders;
using PxeHost.Boot.Render;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tftp;

namespace PxeHost.Timeline;

/// <summary>
/// What became of a boot, recognised from its steps alone: a pure function, one small rule each. The
/// verdict is the first rule that holds, in the order of <see cref="Judge"/>; the notes explain steps
/// that look like failures and are not, or that cost time.
/// </summary>
public static class Verdicts
{
    /// <summary>A TFTP transfer with this many retransmits, and at least one in fifty blocks resent, is slowed by the link.</summary>
    public const int SlowRetransmits = 16;

    /// <summary>
    /// How long firmware may take from a proxy offer to its port 4011 request: it collects offers for
    /// seconds first (OVMF and PXE ROMs wait out their first 4 s DISCOVER timeout, PXE 2.1 §2.2.1), then
    /// requests the DHCP server's address, then asks the boot server.
    /// </summary>
    public static readonly TimeSpan ProxySettle = TimeSpan.FromSeconds(10);

    /// <summary>The boot's verdict first, then its notes.</summary>
    /// <param name="steps">The boot's steps, in order.</param>
    /// <param name="now">
    /// When the boot is judged, if it may still be going on (a machine's last boot while the server runs);
    /// null for a boot that is over (another boot of the machine followed it).
    /// </param>
    public static IReadOnlyList<BootVerdict> Judge(IReadOnlyList<TimelineStep> steps, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var verdict = Booted(steps) ?? NotReadable(steps) ?? NotFound(steps) ?? SecondDhcpServer(steps) ?? OfferIgnored(steps, now)
            ?? GrubConfigElsewhere(steps) ?? SilentAfterBootFile(steps) ?? NotAnswered(steps) ?? InProgress(steps);
        List<BootVerdict> found = [verdict];
        found.AddRange(SizeProbes(steps));
        if (PxelinuxDefault(steps) is { } fallback)
        {
            found.Add(fallback);
        }

        found.AddRange(SlowTransfers(steps));
        if (IpxeLoopAvoided(steps) is { } loop)
        {
            found.Add(loop);
        }

        return found;
    }

    /// <summary>The kernel reached the machine (and its initrd, when it asked for one).</summary>
    public static BootVerdict? Booted(IReadOnlyList<TimelineStep> steps)
    {
        var kernel = steps.LastOrDefault(s => s.Delivered && BootFiles.IsKernel(s.File!));
        if (kernel is null)
        {
            return null;
        }

        var initrds = steps.Where(s => s.Delivered && BootFiles.IsInitrd(s.File!)).Select(s => BootFiles.NameOf(s.File!)).Distinct().ToList();
        var how = kernel.Kind == TimelineStepKind.HttpEnded ? "HTTP" : "TFTP";
        return new BootVerdict(VerdictKind.Booted, initrds.Count == 0
            ? $"booted: kernel {BootFiles.NameOf(kernel.File!)} delivered over {how}"
            : $"booted: kernel {BootFiles.NameOf(kernel.File!)} and initrd {string.Join(", ", initrds)} delivered over {how}");
    }

    /// <summary>A file the server could not open for lack of permission: the one rule that is the admin's alone.</summary>
    public static BootVerdict? NotReadable(IReadOnlyList<TimelineStep> steps)
    {
        var refused = steps.LastOrDefault(s => Refused(s) && s.Reason?.Contains("permission denied", StringComparison.Ordinal) == true);
        return refused is null ? null : new BootVerdict(VerdictKind.FileNotReadable, $"{refused.File} is not readable by the server's user: {refused.Reason}");
    }

    /// <summary>
    /// The client asked for a file the server does not have, and got nothing after it. A refusal of the
    /// boot file a DHCP answer named is said so; PXELINUX's search of pxelinux.cfg/ is normal and not counted.
    /// </summary>
    public static BootVerdict? NotFound(IReadOnlyList<TimelineStep> steps)
    {
        var last = steps.LastOrDefault(s => s.IsTftpOrHttpFetch);
        if (last is null || !Refused(last) || last.File!.Contains("pxelinux.cfg/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var why = string.IsNullOrEmpty(last.Reason) ? string.Empty : $" ({last.Reason})";
        var offered = steps.Any(s => s.BootFile is { } file && SameFile(file, last.File!));
        return offered
            ? new BootVerdict(VerdictKind.BootFileNotFound, $"boot file not found: {last.File}{why}")
            : new BootVerdict(VerdictKind.FileNotFound, $"file not found: {last.File}{why}, and the client asked for nothing after it");
    }

    /// <summary>
    /// We offered an address, and the client's REQUEST named another server (option 54, RFC 2131 §3.1): it
    /// took that server's offer. Beside a proxy offer (no address) this is the normal course, not a verdict.
    /// </summary>
    public static BootVerdict? SecondDhcpServer(IReadOnlyList<TimelineStep> steps)
    {
        var ours = steps.LastOrDefault(s => s is { Kind: TimelineStepKind.DhcpAnswer, Reply: DhcpMessageType.Offer, Offered: not null, ServerIdentifier: not null });
        var taken = steps.LastOrDefault(s => s is { Kind: TimelineStepKind.DhcpRequest, Request: DhcpMessageType.Request, ServerIdentifier: not null });
        return ours is null || taken is null || taken.ServerIdentifier == ours.ServerIdentifier ? null : new BootVerdict(VerdictKind.SecondDhcpServer,
            $"a second DHCP server answered this client: it took the offer of {taken.ServerIdentifier}, not ours ({ours.ServerIdentifier}); stop one of them, or run this one with --proxy");
    }

    /// <summary>
    /// A boot file was offered and nothing was fetched. A proxy offer (no address in it) that no port 4011
    /// request and no download followed: the firmware took its address from the network's DHCP server and ignored ours.
    /// Only once the firmware has shown it moved on: a DISCOVER of its own after the offer, the boot over, or
    /// <see cref="ProxySettle"/> of silence — right after the offer the firmware is still choosing among its offers.
    /// </summary>
    public static BootVerdict? OfferIgnored(IReadOnlyList<TimelineStep> steps, DateTimeOffset? now = null)
    {
        if (steps.Any(s => s.Kind is TimelineStepKind.TftpStarted or TimelineStepKind.HttpStarted or TimelineStepKind.BootServerRequest))
        {
            return null;
        }

        var proxy = steps.FirstOrDefault(s => s is { Kind: TimelineStepKind.DhcpAnswer, Reply: DhcpMessageType.Offer, Offered: null, BootFile: not null });
        if (proxy is not null)
        {
            var movedOn = now is not { } judged || judged - steps[^1].Time >= ProxySettle
                || steps.Any(s => s.Time > proxy.Time && BootBoundary.IsFirmwareDiscover(s));
            if (!movedOn)
            {
                return null;
            }

            return new BootVerdict(VerdictKind.ProxyOfferIgnored,
                $"firmware ignored the proxy offer: {proxy.BootFile} was offered, but no request on port 4011 and no download followed (is the proxy offer reaching it, and does it boot from the network on this port?)");
        }

        // Full DHCP: an offer alone may still be answered by a REQUEST; an ACK that names a file and no fetch after it is a boot that stopped.
        var ack = steps.LastOrDefault(s => s is { Kind: TimelineStepKind.DhcpAnswer, Reply: DhcpMessageType.Ack, BootFile: not null });
        return ack is null ? null : new BootVerdict(VerdictKind.OfferIgnored, $"the client took its address and the boot file {ack.BootFile} but fetched nothing");
    }

    /// <summary>
    /// GRUB reached the client from here, no grub.cfg request followed, and the client took its address from
    /// another DHCP server (we gave none: proxyDHCP). GRUB opens its prefix on the next-server of the DHCP
    /// reply it booted with, the network server's, not the proxy's: its grub.cfg request went there.
    /// </summary>
    public static BootVerdict? GrubConfigElsewhere(IReadOnlyList<TimelineStep> steps)
    {
        var grub = steps.LastOrDefault(s => s.Delivered && BootFiles.IsGrubImage(s.File!));
        if (grub is null || steps.Any(s => s is { Kind: TimelineStepKind.DhcpAnswer, Offered: not null }))
        {
            return null;
        }

        var asked = steps.SkipWhile(s => !ReferenceEquals(s, grub)).Any(s => s.File is { } file && GrubConfigNames.TryParse(file, out _));
        return asked ? null : new BootVerdict(VerdictKind.GrubConfigElsewhere,
            $"GRUB asked for its config on another server: {BootFiles.NameOf(grub.File!)} came from here, but no grub.cfg request followed (GRUB uses the next-server of the network's DHCP server); set that next-server to this server, or boot through iPXE");
    }

    /// <summary>
    /// The boot file (the program a DHCP answer named) reached the client, and the client said nothing
    /// more: the firmware did not run it. A size probe alone is not a delivery.
    /// </summary>
    public static BootVerdict? SilentAfterBootFile(IReadOnlyList<TimelineStep> steps)
    {
        var last = steps.LastOrDefault(s => s.Kind is not (TimelineStepKind.TftpProgress or TimelineStepKind.BootOnceUsed));
        if (last is null || !last.Delivered || !steps.Any(s => s.BootFile is { } file && SameFile(file, last.File!)))
        {
            return null;
        }

        return new BootVerdict(VerdictKind.SilentAfterBootFile,
            $"the client went silent after the boot file {last.File}: its firmware did not start it (a file for another architecture, or Secure Boot refused an unsigned file)");
    }

    /// <summary>The machine's last request got no answer, for a reason that is not the normal course of things.</summary>
    public static BootVerdict? NotAnswered(IReadOnlyList<TimelineStep> steps)
    {
        var last = steps.LastOrDefault(s => s.Kind is TimelineStepKind.DhcpNoAnswer or TimelineStepKind.DhcpAnswer or TimelineStepKind.TftpStarted or TimelineStepKind.HttpStarted);
        return last is { Kind: TimelineStepKind.DhcpNoAnswer, Routine: false }
            ? new BootVerdict(VerdictKind.NotAnswered, $"not answered: {last.Reason}")
            : null;
    }

    public static BootVerdict InProgress(IReadOnlyList<TimelineStep> steps) =>
        new(VerdictKind.InProgress, steps.Count == 0 ? "no steps" : $"no verdict yet; last step: {StepText.Brief(steps[^1])}");

    /// <summary>UEFI firmware and iPXE ask a file's size and end the transfer (TFTP outcome SizeProbe) before they fetch it.</summary>
    public static IEnumerable<BootVerdict> SizeProbes(IReadOnlyList<TimelineStep> steps) => steps
        .Where(s => s is { Kind: TimelineStepKind.TftpEnded, Outcome: TftpTransferOutcome.SizeProbe })
        .Select(s => s.File!)
        .Distinct(StringComparer.Ordinal)
        .Select(file => new BootVerdict(VerdictKind.SizeProbe, $"tsize probe then abort for {file}: the firmware asks the size first, normal for UEFI, not a failure"));

    /// <summary>PXELINUX asks pxelinux.cfg/ for its UUID, 01-MAC and its address in hex, shorter and shorter, and last for default.</summary>
    public static BootVerdict? PxelinuxDefault(IReadOnlyList<TimelineStep> steps)
    {
        var configs = steps.Where(s => s.IsTftpOrHttpFetch && s.File!.Contains("pxelinux.cfg/", StringComparison.OrdinalIgnoreCase)).ToList();
        var fallback = configs.FirstOrDefault(s => s.Delivered && BootFiles.NameOf(s.File!) == "default");
        if (fallback is null)
        {
            return null;
        }

        var tried = configs.TakeWhile(s => !ReferenceEquals(s, fallback)).Where(Refused).Select(s => BootFiles.NameOf(s.File!)).ToList();
        return tried.Count == 0 ? null : new BootVerdict(VerdictKind.PxelinuxDefault,
            $"PXELINUX fell back to pxelinux.cfg/default: none of its own {tried.Count} names exists ({string.Join(", ", tried.Take(3))}{(tried.Count > 3 ? ", …" : string.Empty)})");
    }

    /// <summary>Retransmits cost a TFTP transfer a timeout each: over HTTP (iPXE) the same file moves with TCP's recovery.</summary>
    public static IEnumerable<BootVerdict> SlowTransfers(IReadOnlyList<TimelineStep> steps) => steps
        .Where(s => s is { Kind: TimelineStepKind.TftpEnded, Retransmits: >= SlowRetransmits }
            && s.Retransmits * 50 >= Math.Max(1, (s.Bytes ?? 0) / Math.Max(s.BlockSize ?? 512, 1)))
        .Select(s => new BootVerdict(VerdictKind.SlowTransfer, string.Create(CultureInfo.InvariantCulture,
            $"{s.File} was slowed by {s.Retransmits} retransmits ({s.Milliseconds / 1000:0.#} s): the link loses packets; fetch large files over HTTP (iPXE)")));

    /// <summary>
    /// The firmware loaded iPXE, iPXE asked DHCP again (user class "iPXE"), and the answer named a script,
    /// not an iPXE binary: handing iPXE itself to iPXE would load it over and over.
    /// </summary>
    public static BootVerdict? IpxeLoopAvoided(IReadOnlyList<TimelineStep> steps)
    {
        var loaded = false;
        var fromIpxe = false;
        string? binary = null;
        foreach (var step in steps)
        {
            if (step.Delivered && LoaderCatalog.IsIpxeBinary(step.File!))
            {
                (loaded, binary) = (true, BootFiles.NameOf(step.File!));
            }
            else if (step.Kind is TimelineStepKind.DhcpRequest or TimelineStepKind.BootServerRequest)
            {
                fromIpxe = step.Stage == FirmwareStage.Ipxe;
            }
            else if (loaded && fromIpxe && step is { Kind: TimelineStepKind.DhcpAnswer or TimelineStepKind.BootServerAnswer, BootFile: { } script }
                && !LoaderCatalog.IsIpxeBinary(script))
            {
                return new BootVerdict(VerdictKind.IpxeLoopAvoided, $"iPXE loop avoided: iPXE ({binary}) asked DHCP again and got its script {script}, not iPXE once more");
            }
        }

        return null;
    }

    private static bool Refused(TimelineStep step) =>
        step is { Kind: TimelineStepKind.TftpEnded, Outcome: TftpTransferOutcome.Refused } or { Kind: TimelineStepKind.HttpEnded, Status: 403 or 404 };

    /// <summary>A DHCP boot file is a TFTP name or a URL; a fetch names a path.</summary>
    private static bool SameFile(string offered, string fetched) =>
        BootFiles.NameOf(offered).Equals(BootFiles.NameOf(fetched), StringComparison.Ordinal);
}
