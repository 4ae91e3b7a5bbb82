using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Telemetry;
using PxeHost.Tests.Timeline;
using PxeHost.Timeline;

namespace PxeHost.Tests.Telemetry;

/// <summary>
/// A recorded boot, fed event by event, gives each stage's latency once (DHCP → boot file → loader →
/// configuration → kernel → initrd, as the timeline reads the stages), counts the boot once, and tells
/// boots apart where the timeline does; plan reloads are counted by outcome.
/// </summary>
public sealed class BootTelemetryTests : IDisposable
{
    private readonly PxeHostMetrics _metrics = new();
    private readonly BootTelemetry _telemetry;

    public BootTelemetryTests() => _telemetry = new BootTelemetry(new BootEventStream(TimeProvider.System), _metrics, new TimelineOptions(), TimeProvider.System);

    public void Dispose()
    {
        _telemetry.Dispose();
        _metrics.Dispose();
    }

    /// <summary>DHCP, the boot file over TFTP, iPXE asking DHCP again, its script, kernel and initrd over HTTP: a step every 7 ms.</summary>
    public static BootSequence IpxeBoot(string mac = "52:54:00:12:34:56") => new BootSequence(mac)
        .Discover().Offer("snponly.efi").Request(BootSequence.Server).Ack("snponly.efi")
        .Tftp("snponly.efi", 1_000_000)
        .Discover(stage: FirmwareStage.Ipxe)
        .Http("/boot/52-54-00-12-34-56.ipxe").Http("/vmlinuz").Http("/initrd.img");

    [Fact]
    public void Each_stage_of_a_boot_is_measured_once_when_it_ends()
    {
        using var took = new MetricCollector<double>(_metrics.Meter, MetricNames.BootStageDuration);
        using var reached = new MetricCollector<double>(_metrics.Meter, MetricNames.BootStageReached);
        using var boots = new MetricCollector<long>(_metrics.Meter, MetricNames.Boots);

        foreach (var e in IpxeBoot().Events)
        {
            _telemetry.Observe(e);
        }

        // Discover at 7 ms, ACK at 28; TFTP 35-49; the script asked at 63; kernel 77-84; initrd 91-98.
        Assert.Equal(
            [("dhcp", 21), ("boot_file", 14), ("loader", 14), ("config", 14), ("kernel", 7), ("initrd", 7)],
            took.GetMeasurementSnapshot().Select(m => ((string)m.Tags[MetricNames.StageTag]!, (int)Math.Round(m.Value * 1000))));
        Assert.Equal(
            [("dhcp", 0), ("boot_file", 28), ("loader", 42), ("config", 56), ("kernel", 70), ("initrd", 84)],
            reached.GetMeasurementSnapshot().Select(m => ((string)m.Tags[MetricNames.StageTag]!, (int)Math.Round(m.Value * 1000))));

        // iPXE's own DISCOVER is the same boot.
        Assert.Equal(1, boots.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public void A_firmware_discover_after_a_quiet_spell_begins_the_next_boot_and_its_stages_count_again()
    {
        using var took = new MetricCollector<double>(_metrics.Meter, MetricNames.BootStageDuration);
        using var boots = new MetricCollector<long>(_metrics.Meter, MetricNames.Boots);
        var twice = IpxeBoot()
            .Wait(TimeSpan.FromSeconds(4)).Discover()
            .Wait(TimeSpan.FromMinutes(5)).Discover().Offer("snponly.efi").Request(BootSequence.Server).Ack("snponly.efi");

        foreach (var e in twice.Events)
        {
            _telemetry.Observe(e);
        }

        // The firmware's retry 4 s later is still the first boot (the timeline's quiet gap is 60 s).
        Assert.Equal(2, boots.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(2, took.GetMeasurementSnapshot().Count(m => (string?)m.Tags[MetricNames.StageTag] == "dhcp"));
        Assert.Equal(1, _telemetry.Machines);
    }

    [Fact]
    public void Plan_reloads_are_counted_by_outcome()
    {
        using var reloads = new MetricCollector<long>(_metrics.Meter, MetricNames.PlanReloads);

        _telemetry.Observe(new PlanReloaded { File = "pxehost.yaml", Version = 1 });
        _telemetry.Observe(new PlanRefused { File = "pxehost.yaml", Errors = ["pxehost.yaml:3: profiles: not a map"], KeptVersion = 1 });
        _telemetry.Observe(new PlanReloaded { File = "pxehost.yaml", Version = 2 });

        Assert.Equal(["ok", "refused", "ok"], reloads.GetMeasurementSnapshot().Select(m => m.Tags[MetricNames.OutcomeTag]));
    }

    [Fact]
    public void Boots_under_way_are_bounded_and_the_longest_quiet_are_forgotten()
    {
        var boots = new BootsUnderWay(TimeSpan.FromSeconds(60), capacity: 4);
        var ended = new List<BootUnderWay>();
        for (var i = 0; i < 10; i++)
        {
            var step = new BootSequence($"52:54:00:00:00:{i:x2}").Wait(TimeSpan.FromSeconds(i)).Discover().Steps[0];
            boots.Add(step, out var began, ended);
            Assert.True(began);
        }

        Assert.InRange(boots.Count, 1, 4);
        Assert.Equal(10, boots.Count + ended.Count);
        Assert.Contains(ended, b => b.Mac == "52:54:00:00:00:00");
        Assert.DoesNotContain(ended, b => b.Mac == "52:54:00:00:00:09");
    }

    [Fact]
    public void A_boot_past_its_step_cap_keeps_no_more_steps_and_says_it_did_not_grow()
    {
        // A flood from one MAC is one endless "boot": past the cap its steps are not kept, and Grew tells the
        // owner there is nothing new to read its stages from (reading them costs the step count, per datagram).
        var boots = new BootsUnderWay(TimeSpan.FromSeconds(60), stepsPerBoot: 3);
        var ended = new List<BootUnderWay>();
        var steps = new BootSequence("52:54:00:00:00:01").Discover().Offer("snponly.efi").Request().Ack("snponly.efi").Discover().Steps;
        var grew = steps.Select(step => boots.Add(step, out _, ended).Grew).ToList();

        Assert.Equal([true, true, true, false, false], grew);
        Assert.Equal(3, boots.All.Single().Steps.Count);
    }
}
