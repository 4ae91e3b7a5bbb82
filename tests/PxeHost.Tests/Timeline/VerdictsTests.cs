using System.Net;
using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;
using PxeHost.Timeline;

namespace PxeHost.Tests.Timeline;

/// <summary>Each verdict from a recorded-like boot: the events a UEFI or BIOS client's boot publishes, in order.</summary>
public sealed class VerdictsTests
{
    private const string Denied = "permission denied: mode 0600 is not readable by the server's user nobody; the server runs as nobody (uid 65534)";

    /// <summary>UEFI x64 beside another DHCP server: proxy offer, port 4011, snponly.efi (size probe first), iPXE, its script, kernel, initrd over HTTP.</summary>
    private static BootSequence UefiProxyBoot() => new BootSequence()
        .Discover().ProxyOffer(null).BootServer("snponly.efi")
        .SizeProbe("snponly.efi", 200_000).Tftp("snponly.efi", 200_000)
        .Discover(stage: FirmwareStage.Ipxe).ProxyOffer("http://10.99.0.1/boot/52-54-00-12-34-56.ipxe")
        .Http("/boot/52-54-00-12-34-56.ipxe").Http("/vmlinuz-6.1.0-40-amd64").Http("/initrd.img-6.1.0-40-amd64");

    [Fact]
    public void A_delivered_kernel_and_initrd_is_booted()
    {
        var verdicts = Verdicts.Judge(UefiProxyBoot().Steps);

        Assert.Equal(VerdictKind.Booted, verdicts[0].Kind);
        Assert.Equal("booted: kernel vmlinuz-6.1.0-40-amd64 and initrd initrd.img-6.1.0-40-amd64 delivered over HTTP", verdicts[0].Text);
    }

    [Fact]
    public void A_size_probe_before_the_transfer_is_a_note_not_a_failure()
    {
        var verdicts = Verdicts.Judge(UefiProxyBoot().Steps);

        var note = Assert.Single(verdicts, v => v.Kind == VerdictKind.SizeProbe);
        Assert.True(note.IsNote);
        Assert.Contains("snponly.efi", note.Text, StringComparison.Ordinal);
        Assert.Contains("normal for UEFI, not a failure", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_offer_that_no_port_4011_request_or_download_follows_was_ignored()
    {
        var boot = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).ProxyOffer("undionly.kpxe")
            .Wait(TimeSpan.FromSeconds(4)).Discover(ClientArchitecture.IntelX86Bios).ProxyOffer("undionly.kpxe");

        // The DISCOVER again, after the offer, shows the firmware moved on: ignored, even judged the moment it came.
        var verdict = Verdicts.Judge(boot.Steps, boot.Steps[^1].Time)[0];

        Assert.Equal(VerdictKind.ProxyOfferIgnored, verdict.Kind);
        Assert.StartsWith("firmware ignored the proxy offer: undionly.kpxe was offered, but no request on port 4011", verdict.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Recorded from OVMF beside dnsmasq offering PXE itself (options 60 and 43): the firmware's DISCOVER, our
    /// proxy offer, and its REQUEST of dnsmasq's offer (left to dnsmasq) are all the server sees; the firmware
    /// fetches nothing and a minute later tries HTTP Boot, which starts the machine's next boot.
    /// </summary>
    private static BootSequence OvmfBesideAPxeDhcpServer() => new BootSequence()
        .Discover(ClientArchitecture.EfiBc).ProxyOffer("snponly.efi")
        .Wait(TimeSpan.FromSeconds(4)).Request(ClientArchitecture.EfiBc)
        .NotAnswered("proxyDHCP answers only DISCOVER on port 67, not Request", routine: true, request: DhcpMessageType.Request);

    [Fact]
    public void A_proxy_offer_is_not_called_ignored_while_the_firmware_may_still_be_choosing_among_its_offers()
    {
        var steps = OvmfBesideAPxeDhcpServer().Steps;

        var verdict = Verdicts.Judge(steps, steps[^1].Time + TimeSpan.FromSeconds(2))[0];

        Assert.Equal(VerdictKind.InProgress, verdict.Kind);
        Assert.Equal("no verdict yet; last step: DHCP Request: no answer", verdict.Text);
    }

    [Fact]
    public void A_proxy_offer_followed_by_silence_or_by_the_end_of_the_boot_was_ignored()
    {
        var steps = OvmfBesideAPxeDhcpServer().Steps;

        Assert.Equal(VerdictKind.ProxyOfferIgnored, Verdicts.Judge(steps, steps[^1].Time + Verdicts.ProxySettle)[0].Kind);
        Assert.Equal(VerdictKind.ProxyOfferIgnored, Verdicts.Judge(steps)[0].Kind);
    }

    [Fact]
    public void A_refused_boot_file_is_named_with_the_refusal()
    {
        var boot = new BootSequence().Discover().Offer("snponly.efi").Ack("snponly.efi")
            .TftpRefused("snponly.efi", "not found in root /srv/tftp, system bootloaders");

        var verdict = Verdicts.Judge(boot.Steps)[0];

        Assert.Equal(VerdictKind.BootFileNotFound, verdict.Kind);
        Assert.Equal("boot file not found: snponly.efi (not found in root /srv/tftp, system bootloaders)", verdict.Text);
    }

    [Fact]
    public void A_refused_boot_file_names_the_near_miss_the_refusal_found()
    {
        var boot = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).Offer("PXELINUX.0").Ack("PXELINUX.0")
            .TftpRefused("PXELINUX.0", "not found in root /srv/tftp, system bootloaders; in the root: pxelinux.0 (differs only in case)");

        Assert.Equal(
            "boot file not found: PXELINUX.0 (not found in root /srv/tftp, system bootloaders; in the root: pxelinux.0 (differs only in case))",
            Verdicts.Judge(boot.Steps)[0].Text);
    }

    [Fact]
    public void A_file_the_servers_user_cannot_read_says_so()
    {
        var boot = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).Offer("pxelinux.0").Ack("pxelinux.0")
            .TftpRefused("pxelinux.0", Denied);

        var verdict = Verdicts.Judge(boot.Steps)[0];

        Assert.Equal(VerdictKind.FileNotReadable, verdict.Kind);
        Assert.Equal($"pxelinux.0 is not readable by the server's user: {Denied}", verdict.Text);
    }

    [Fact]
    public void A_client_silent_after_its_boot_file_did_not_start_it()
    {
        var boot = new BootSequence().Discover().Offer("snponly.efi").Ack("snponly.efi")
            .SizeProbe("snponly.efi", 200_000).Tftp("snponly.efi", 200_000);

        var verdict = Verdicts.Judge(boot.Steps)[0];

        Assert.Equal(VerdictKind.SilentAfterBootFile, verdict.Kind);
        Assert.Contains("went silent after the boot file snponly.efi", verdict.Text, StringComparison.Ordinal);
        Assert.Contains("Secure Boot", verdict.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_that_only_probed_the_size_is_not_silent_after_its_boot_file()
    {
        var boot = new BootSequence().Discover().Offer("snponly.efi").Ack("snponly.efi").SizeProbe("snponly.efi", 200_000);

        Assert.Equal(VerdictKind.InProgress, Verdicts.Judge(boot.Steps)[0].Kind);
    }

    [Fact]
    public void PXELINUX_that_found_none_of_its_own_names_fell_back_to_default()
    {
        var boot = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).Offer("pxelinux.0").Ack("pxelinux.0").Tftp("pxelinux.0", 46_000)
            .Tftp("ldlinux.c32", 120_000)
            .TftpRefused("pxelinux.cfg/564d4c1a-0000-0000-0000-000000000000", "not found in root /srv/tftp")
            .TftpRefused("pxelinux.cfg/01-52-54-00-12-34-56", "not found in root /srv/tftp")
            .TftpRefused("pxelinux.cfg/0A636364", "not found in root /srv/tftp")
            .TftpRefused("pxelinux.cfg/0A63636", "not found in root /srv/tftp")
            .Tftp("pxelinux.cfg/default", 300);

        var verdicts = Verdicts.Judge(boot.Steps);

        var note = Assert.Single(verdicts, v => v.Kind == VerdictKind.PxelinuxDefault);
        Assert.Equal("PXELINUX fell back to pxelinux.cfg/default: none of its own 4 names exists (564d4c1a-0000-0000-0000-000000000000, 01-52-54-00-12-34-56, 0A636364, …)", note.Text);
        Assert.NotEqual(VerdictKind.FileNotFound, verdicts[0].Kind);
    }

    [Fact]
    public void PXELINUX_that_found_its_own_file_has_no_fallback_note()
    {
        var boot = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).Tftp("pxelinux.0", 46_000)
            .Tftp("pxelinux.cfg/01-52-54-00-12-34-56", 300);

        Assert.DoesNotContain(Verdicts.Judge(boot.Steps), v => v.Kind == VerdictKind.PxelinuxDefault);
    }

    [Fact]
    public void A_transfer_with_many_retransmits_suggests_HTTP()
    {
        var boot = new BootSequence().Discover(ClientArchitecture.IntelX86Bios).Offer("pxelinux.0").Ack("pxelinux.0")
            .Tftp("pxelinux.0", 46_000).Tftp("initrd.gz", 1_468_000, retransmits: 40, seconds: 42);

        var note = Assert.Single(Verdicts.Judge(boot.Steps), v => v.Kind == VerdictKind.SlowTransfer);

        Assert.Equal("initrd.gz was slowed by 40 retransmits (42 s): the link loses packets; fetch large files over HTTP (iPXE)", note.Text);
    }

    [Fact]
    public void A_few_retransmits_on_a_large_file_are_no_note()
    {
        var boot = new BootSequence().Discover().Tftp("initrd.gz", 146_800_000, retransmits: 40);

        Assert.DoesNotContain(Verdicts.Judge(boot.Steps), v => v.Kind == VerdictKind.SlowTransfer);
    }

    [Fact]
    public void A_request_left_unanswered_for_a_reason_says_why()
    {
        var boot = new BootSequence().Discover().NotAnswered("no address free in 10.99.0.0/24");

        var verdict = Verdicts.Judge(boot.Steps)[0];

        Assert.Equal(VerdictKind.NotAnswered, verdict.Kind);
        Assert.Equal("not answered: no address free in 10.99.0.0/24", verdict.Text);
    }

    [Fact]
    public void A_REQUEST_for_another_servers_offer_after_ours_is_a_second_DHCP_server()
    {
        var boot = new BootSequence().Discover().Offer("snponly.efi").Request(IPAddress.Parse("10.99.0.254"))
            .NotAnswered("the client chose server 10.99.0.254", routine: true);

        var verdict = Verdicts.Judge(boot.Steps)[0];

        Assert.Equal(VerdictKind.SecondDhcpServer, verdict.Kind);
        Assert.Equal("a second DHCP server answered this client: it took the offer of 10.99.0.254, not ours (10.99.0.1); stop one of them, or run this one with --proxy", verdict.Text);
    }

    [Fact]
    public void A_REQUEST_for_our_offer_or_beside_a_proxy_offer_is_no_second_server()
    {
        var ours = new BootSequence().Discover().Offer("snponly.efi").Request(BootSequence.Server).Ack("snponly.efi");
        var proxy = new BootSequence().Discover().ProxyOffer(null).Request(IPAddress.Parse("10.99.0.254")).BootServer("snponly.efi");

        Assert.DoesNotContain(Verdicts.Judge(ours.Steps), v => v.Kind == VerdictKind.SecondDhcpServer);
        Assert.DoesNotContain(Verdicts.Judge(proxy.Steps), v => v.Kind == VerdictKind.SecondDhcpServer);
    }

    [Fact]
    public void GRUB_from_a_proxy_boot_that_asks_no_grub_cfg_here_asked_another_server()
    {
        var boot = new BootSequence().Discover().ProxyOffer(null).Request(IPAddress.Parse("10.99.0.254")).BootServer("grub/x86_64-efi/core.efi")
            .SizeProbe("grub/x86_64-efi/core.efi", 300_000).Tftp("grub/x86_64-efi/core.efi", 300_000);

        var verdict = Verdicts.Judge(boot.Steps)[0];

        Assert.Equal(VerdictKind.GrubConfigElsewhere, verdict.Kind);
        Assert.Equal(
            "GRUB asked for its config on another server: core.efi came from here, but no grub.cfg request followed (GRUB uses the next-server of the network's DHCP server); set that next-server to this server, or boot through iPXE",
            verdict.Text);
    }

    [Fact]
    public void GRUB_that_asked_for_its_config_here_or_got_its_address_from_us_did_not_ask_elsewhere()
    {
        var asked = new BootSequence().Discover().ProxyOffer(null).BootServer("grubx64.efi").Tftp("grubx64.efi", 300_000)
            .TftpRefused("grub/grub.cfg-01-52-54-00-12-34-56", "not found in root /srv/tftp").Tftp("grub/grub.cfg", 500);
        var full = new BootSequence().Discover().Offer("grubx64.efi").Ack("grubx64.efi").Tftp("grubx64.efi", 300_000);

        Assert.DoesNotContain(Verdicts.Judge(asked.Steps), v => v.Kind == VerdictKind.GrubConfigElsewhere);
        Assert.Equal(VerdictKind.SilentAfterBootFile, Verdicts.Judge(full.Steps)[0].Kind);
    }

    [Fact]
    public void iPXE_loaded_by_the_firmware_and_answered_with_its_script_is_a_loop_avoided()
    {
        var note = Assert.Single(Verdicts.Judge(UefiProxyBoot().Steps), v => v.Kind == VerdictKind.IpxeLoopAvoided);

        Assert.True(note.IsNote);
        Assert.Equal("iPXE loop avoided: iPXE (snponly.efi) asked DHCP again and got its script http://10.99.0.1/boot/52-54-00-12-34-56.ipxe, not iPXE once more", note.Text);
    }

    [Fact]
    public void iPXE_given_iPXE_again_or_firmware_alone_avoided_no_loop()
    {
        var loop = new BootSequence().Discover().ProxyOffer(null).BootServer("snponly.efi").Tftp("snponly.efi", 200_000)
            .Discover(stage: FirmwareStage.Ipxe).ProxyOffer("snponly.efi");
        var firmware = new BootSequence().Discover().ProxyOffer(null).BootServer("snponly.efi").Tftp("snponly.efi", 200_000)
            .Wait(TimeSpan.FromSeconds(4)).Discover().ProxyOffer("http://10.99.0.1/boot/x.ipxe");

        Assert.DoesNotContain(Verdicts.Judge(loop.Steps), v => v.Kind == VerdictKind.IpxeLoopAvoided);
        Assert.DoesNotContain(Verdicts.Judge(firmware.Steps), v => v.Kind == VerdictKind.IpxeLoopAvoided);
    }

    [Fact]
    public void A_boot_still_going_names_its_last_step()
    {
        var boot = new BootSequence().Discover().Offer("snponly.efi");

        var verdict = Verdicts.Judge(boot.Steps)[0];

        Assert.Equal(VerdictKind.InProgress, verdict.Kind);
        Assert.Equal("no verdict yet; last step: DHCP Discover: Offer 10.99.0.100 boot snponly.efi", verdict.Text);
    }
}
