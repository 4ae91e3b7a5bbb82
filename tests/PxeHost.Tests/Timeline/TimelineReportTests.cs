using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;
using PxeHost.Timeline;

namespace PxeHost.Tests.Timeline;

/// <summary>What <c>pxehost machines</c> and <c>pxehost timeline</c> print for a recorded boot.</summary>
public sealed class TimelineReportTests
{
    private static MachineBoot BiosBoot() => new("52:54:00:12:34:56", 3, new BootSequence().Discover(ClientArchitecture.IntelX86Bios)
        .Offer("undionly.kpxe").Ack("undionly.kpxe").Tftp("undionly.kpxe", 70_000)
        .Discover(ClientArchitecture.IntelX86Bios, FirmwareStage.Ipxe).Offer("http://10.99.0.1/boot/52-54-00-12-34-56.ipxe")
        .Http("/boot/52-54-00-12-34-56.ipxe").Http("/linux").Http("/initrd.gz").Steps);

    [Fact]
    public void A_machine_line_names_address_architecture_stage_and_verdict()
    {
        var row = TimelineReport.Row(MachineSummary.Of(BiosBoot()));

        Assert.Equal(("10.99.0.100", "BIOS", "kernel", "Booted"), (row.Address, row.Architecture, row.Stage, row.VerdictKind));
        Assert.Equal("booted: kernel linux and initrd initrd.gz delivered over HTTP", row.Verdict);
        Assert.Equal("HTTP GET /initrd.gz: 200, 1000 bytes in 30 ms", row.LastStep);
        Assert.StartsWith("52:54:00:12:34:56 10.99.0.100     BIOS       kernel             2026-01-01T12:00:00.", TimelineReport.Line(row), StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_boot_is_judged_as_of_now_and_an_earlier_one_as_it_stands()
    {
        var steps = new BootSequence().Discover().ProxyOffer("snponly.efi").Steps;
        var boot = new MachineBoot("52:54:00:12:34:56", 1, steps);
        var now = steps[^1].Time + TimeSpan.FromSeconds(1);

        Assert.Equal("InProgress", TimelineReport.Row(MachineSummary.Of(boot, now)).VerdictKind);
        Assert.Equal("InProgress", TimelineReport.Report(boot, [1], now).Verdicts[0].Kind);
        Assert.Equal("ProxyOfferIgnored", TimelineReport.Report(boot, [1, 2]).Verdicts[0].Kind);
    }

    [Theory]
    [InlineData(FirmwareStage.Firmware, "PXE ROM")]
    [InlineData(FirmwareStage.Ipxe, "iPXE")]
    [InlineData(FirmwareStage.HttpBootFirmware, "HTTP Boot")]
    public void The_stage_is_the_furthest_the_client_got(FirmwareStage stage, string expected) =>
        Assert.Equal(expected, MachineSummary.StageOf(new BootSequence().Discover(stage: stage).Steps));

    [Fact]
    public void A_loader_asking_for_its_configuration_is_the_loader_stage()
    {
        var steps = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).Tftp("pxelinux.0", 46_000).TftpRefused("pxelinux.cfg/01-52-54-00-12-34-56", "not found").Steps;

        Assert.Equal("loader (PXELINUX)", MachineSummary.StageOf(steps));
    }

    [Fact]
    public void The_timeline_gives_each_step_its_time_from_the_first_what_was_asked_answered_and_why()
    {
        var lines = TimelineReport.Lines(TimelineReport.Report(BiosBoot(), [2, 3])).ToList();

        Assert.Equal("52:54:00:12:34:56 boot 3 (kept: 2, 3), started 2026-01-01T12:00:00.007Z", lines[0]);
        Assert.Equal("       0 ms  DHCP Discover (arch IntelX86Bios, Firmware)", lines[1]);
        Assert.Equal("       7 ms  DHCP Discover -> Offer 10.99.0.100 boot undionly.kpxe  (offered from pool; broadcast, port 68)", lines[2]);
        Assert.Contains("      35 ms  TFTP undionly.kpxe -> sent 70000 bytes in 200 ms", lines);
        Assert.Equal("verdict: booted: kernel linux and initrd initrd.gz delivered over HTTP", lines[^2]);
        Assert.Equal("note: iPXE loop avoided: iPXE (undionly.kpxe) asked DHCP again and got its script http://10.99.0.1/boot/52-54-00-12-34-56.ipxe, not iPXE once more", lines[^1]);
    }

    [Fact]
    public void Progress_rows_are_shown_only_for_a_transfer_still_going()
    {
        var done = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).Offer("pxelinux.0").Ack("pxelinux.0").Tftp("/files/demo/vmlinuz", 14_000_000);
        var steps = done.Steps;
        var going = steps.Take(steps.Count - 1).ToList();

        var finished = TimelineReport.Lines(TimelineReport.Report(new MachineBoot("52:54:00:12:34:56", 1, steps), [1])).ToList();
        var inFlight = TimelineReport.Lines(TimelineReport.Report(new MachineBoot("52:54:00:12:34:56", 1, going), [1])).ToList();

        Assert.DoesNotContain(finished, l => l.Contains("7000000 of 14000000 bytes", StringComparison.Ordinal));
        Assert.Contains(finished, l => l.Contains("TFTP /files/demo/vmlinuz -> sent 14000000 bytes", StringComparison.Ordinal));
        Assert.Contains(inFlight, l => l.Contains("TFTP /files/demo/vmlinuz -> 7000000 of 14000000 bytes", StringComparison.Ordinal));
    }
}
