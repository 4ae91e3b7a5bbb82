using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Timeline;
using PxeHost.Timeline;

namespace PxeHost.Tests.Lab;

/// <summary>The demo's stages, from the boots its machines make: PXELINUX over TFTP (BIOS), iPXE over HTTP (UEFI).</summary>
public sealed class BootProgressTests
{
    /// <summary>The BIOS machine of the demo: its iPXE ROM, PXELINUX, modules, config, then kernel and initrd over TFTP.</summary>
    private static BootSequence Pxelinux() => new BootSequence()
        .Discover(ClientArchitecture.IntelX86Bios).Offer("pxelinux.0").Wait(TimeSpan.FromSeconds(3)).Ack("pxelinux.0")
        .Wait(TimeSpan.FromSeconds(13)).Tftp("pxelinux.0", 42_430).Tftp("ldlinux.c32", 119_524)
        .Tftp("pxelinux.cfg/01-52-54-00-12-34-56", 300).Tftp("/files/demo/vmlinuz", 14_190_528).Tftp("/files/demo/initrd.gz", 1_028_425);

    /// <summary>The UEFI machine: OVMF's PXE fetches snponly.efi (size probe first), iPXE asks DHCP again and fetches its script, kernel and initrd over HTTP.</summary>
    private static BootSequence Ipxe() => new BootSequence()
        .Discover().Offer("snponly.efi").Ack("snponly.efi").SizeProbe("snponly.efi", 173_792).Tftp("snponly.efi", 173_792)
        .Wait(TimeSpan.FromSeconds(2)).Discover(stage: FirmwareStage.Ipxe).Offer("http://10.99.0.1/boot/52-54-00-12-34-56.ipxe").Ack("http://10.99.0.1/boot/52-54-00-12-34-56.ipxe")
        .Wait(TimeSpan.FromSeconds(13)).Http("/boot/52-54-00-12-34-56.ipxe").Http("/files/demo/vmlinuz").Http("/files/demo/initrd.gz");

    [Fact]
    public void A_pxelinux_boot_goes_through_every_stage_in_order()
    {
        var steps = Pxelinux().Steps;
        var running = steps[^1].Time.AddSeconds(3);

        var progress = BootProgress.Of(steps, running);

        Assert.Equal(BootStage.Running, progress.Current);
        Assert.All(progress.Stages, s => Assert.NotNull(s.Took));
        Assert.Equal(Enum.GetValues<BootStage>(), progress.Stages.Select(s => s.Stage));
        Assert.True(progress.Stages[0].Took >= TimeSpan.FromSeconds(3), "DHCP lasts until the ACK");
        Assert.True(progress.Stages[1].Took < TimeSpan.FromSeconds(1), "the boot file is pxelinux.0 alone: the 13 s before it are not its transfer");
        Assert.Equal(TimeSpan.FromSeconds(3), progress.Stages[^1].Took);
        Assert.Equal("10.99.0.100", progress.Address);
        Assert.Null(progress.Transfer);
    }

    [Fact]
    public void The_file_being_sent_is_shown_with_its_progress()
    {
        var steps = Pxelinux().Steps;
        var kernelEnded = steps.Select((s, i) => (s, i)).First(x => x.s.Kind == TimelineStepKind.TftpEnded && x.s.File == "/files/demo/vmlinuz").i;

        var progress = BootProgress.Of([.. steps.Take(kernelEnded)]);

        Assert.Equal(BootStage.Kernel, progress.Current);
        var transfer = Assert.IsType<TransferNow>(progress.Transfer);
        Assert.Equal("/files/demo/vmlinuz", transfer.File);
        Assert.True(transfer.Tftp);
        Assert.Equal(0.5, transfer.Fraction!.Value, 2);
    }

    [Fact]
    public void An_ipxe_boot_spends_its_wait_in_the_loader_and_fetches_the_rest_over_http()
    {
        var steps = Ipxe().Steps;

        var progress = BootProgress.Of(steps);

        Assert.Equal(BootStage.Running, progress.Current);
        var loader = progress.Stages.Single(s => s.Stage == BootStage.Loader);
        Assert.True(loader.Took >= TimeSpan.FromSeconds(15), "iPXE's DHCP and its pause before the script belong to the loader");
        Assert.NotNull(progress.Stages.Single(s => s.Stage == BootStage.Config).Took);
        Assert.Null(progress.Stages.Single(s => s.Stage == BootStage.Running).Ended);
    }

    [Fact]
    public void A_boot_that_only_asked_dhcp_is_in_dhcp_then_waits_for_its_boot_file()
    {
        var asked = new BootSequence().Discover().Steps;
        var answered = new BootSequence().Discover().Offer("snponly.efi").Ack("snponly.efi").Steps;

        Assert.Equal(BootStage.Dhcp, BootProgress.Of(asked).Current);
        Assert.Equal(BootStage.Dhcp, BootProgress.Of([]).Current);
        Assert.Equal(BootStage.BootFile, BootProgress.Of(answered).Current);
        Assert.Equal(DhcpMessageType.Ack, answered[^1].Reply);
    }
}
