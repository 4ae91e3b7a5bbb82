using PxeHost.E2E.Tests.Support;
using Xunit.Abstractions;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// The boot timeline against real firmware: what <c>pxehost timeline</c> and <c>pxehost machines</c>
/// say of a boot that worked, step by step, and of boots with a failure planted in them — each verdict
/// recognised from the steps the real firmware caused, not from a recording made up to match.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class TimelineBootTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    /// <summary>From the moment the VM showed the outcome to the verdict on record: the recorder writes in batches.</summary>
    private static readonly TimeSpan RecordLimit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(Firmware.BiosIpxe, "m-timeline-bios")]
    [InlineData(Firmware.UefiPxe, "m-timeline-uefi")]
    public async Task A_quick_boot_is_on_the_timeline_step_by_step_with_the_verdict_booted(Firmware firmware, string marker)
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var data = Path.Combine(lab.WorkDirectory, "data");
        await using var server = await StartQuickAsync(lab, payload.KernelPath, payload.InitrdPath, marker, data);

        await using var vm = await lab.StartVmAsync(firmware, BootLab.NewMacAddress());
        await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
        var boot = await RecordedBoot.WaitForVerdictAsync(lab.Namespace, data, vm.MacAddress, "Booted", RecordLimit);
        output.WriteLine(boot.Describe());

        // Each request and each answer is a step of its own; "asked" of a request names the client's arch and stage.
        var script = $"boot http://{lab.ServerAddress}/boot/{QuickModeBootTests.BootMac(vm)}.ipxe";
        (string, string)[] firmwareSteps = firmware == Firmware.UefiPxe
            ?
            [
                // OVMF's own PXE (arch 7) gets iPXE by TFTP, asking its size first.
                ("DHCP Discover (arch EfiBc, Firmware)", ""),
                ("DHCP Discover", $"Offer {lab.AddressAt(100)} boot snponly.efi"),
                ("DHCP Request (arch EfiBc, Firmware)", ""),
                ("DHCP Request", $"Ack {lab.AddressAt(100)} boot snponly.efi"),
                ("TFTP snponly.efi", "size probe: told 173792 bytes"),
                ("TFTP snponly.efi", "sent 173792 bytes"),
                ("DHCP Discover (arch EfiBc, Ipxe)", ""),
            ]
            :
            [
                // The e1000's option ROM is iPXE already (user class iPXE): it gets its script at once, no undionly.kpxe.
                ("DHCP Discover (arch IntelX86Bios, Ipxe)", ""),
            ];
        boot.AssertInOrder(
        [
            .. firmwareSteps,
            ("DHCP Discover", $"Offer {lab.AddressAt(100)} {script}"),
            ("DHCP Request", $"Ack {lab.AddressAt(100)} {script}"),
            ($"HTTP GET /boot/{QuickModeBootTests.BootMac(vm)}.ipxe", "200"),
            ("HTTP GET /quick/0/vmlinuz", "200, "),
            ("HTTP GET /quick/1/initrd.gz", "200"),
        ]);
        Assert.Equal(firmware == Firmware.UefiPxe, boot.Steps.Any(s => s.Kind == "TftpEnded"));
        Assert.Equal("booted: kernel vmlinuz and initrd initrd.gz delivered over HTTP", boot.Verdict);

        // The same boot for people: a line per step, the verdict last.
        var text = await PxeHostProcess.RunAsync(lab.Namespace, "timeline", FullDhcpBootTests.Mac(vm), "--data-dir", data);
        Assert.Equal(0, text.ExitCode);
        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{FullDhcpBootTests.Mac(vm)} boot 1 ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(" ms  HTTP GET /quick/0/vmlinuz -> 200, ", StringComparison.Ordinal));
        Assert.Contains("verdict: booted: kernel vmlinuz and initrd initrd.gz delivered over HTTP", text.Stdout, StringComparison.Ordinal);

        var machines = await PxeHostProcess.RunAsync(lab.Namespace, "machines", "--data-dir", data);
        Assert.Equal(0, machines.ExitCode);
        var row = Assert.Single(machines.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(FullDhcpBootTests.Mac(vm), row, StringComparison.Ordinal);
        Assert.Contains(" kernel ", row, StringComparison.Ordinal);
        Assert.Contains("booted: kernel vmlinuz and initrd initrd.gz delivered over HTTP", row, StringComparison.Ordinal);

        // And for a monitoring host: /metrics counts the boot and measures its stages (read off the event stream).
        var metrics = await ScrapeUntilAsync(lab, t => PrometheusText.Value(t, "pxehost_boot_stage_duration_seconds_count", "stage=\"initrd\"") == 1);
        output.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("pxehost_boot", StringComparison.Ordinal) || l.StartsWith("dhcp_total", StringComparison.Ordinal))));
        foreach (var stage in firmware == Firmware.UefiPxe ? new[] { "dhcp", "boot_file", "loader", "config", "kernel", "initrd" } : ["dhcp", "loader", "config", "kernel", "initrd"])
        {
            Assert.True(PrometheusText.Value(metrics, "pxehost_boot_stage_duration_seconds_count", $"stage=\"{stage}\"") == 1, $"{stage}:\n{metrics}");
        }

        Assert.True(PrometheusText.Value(metrics, "dhcp_total", "op=\"DHCPDISCOVER\"", "outcome=\"offer\"") >= 1, metrics);
        Assert.True(PrometheusText.Value(metrics, "dhcp_total", "op=\"DHCPREQUEST\"", "outcome=\"ack\"") >= 1, metrics);
        Assert.True(PrometheusText.Value(metrics, "jobs_total", "from=\"http\"", "op=\"file\"") >= 3, metrics);
    }

    /// <summary>GET /metrics from inside the lab until <paramref name="done"/> holds (bounded: the stages are recorded a moment after the events).</summary>
    private static async Task<string> ScrapeUntilAsync(BootLab lab, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + RecordLimit;
        while (true)
        {
            var scraped = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.Namespace, "curl", "-sS", "--fail", $"http://{lab.ServerAddress}/metrics"]);
            Assert.True(scraped.ExitCode == 0, scraped.Output);
            if (done(scraped.Stdout) || DateTime.UtcNow > deadline)
            {
                return scraped.Stdout;
            }
        }
    }

    [Fact]
    public async Task A_kernel_deleted_after_the_start_is_named_as_not_found()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var kernel = CopyKernel(lab, payload);
        var data = Path.Combine(lab.WorkDirectory, "data");
        await using var server = await StartQuickAsync(lab, kernel, payload.InitrdPath, "m-timeline-deleted", data);

        // Quick mode opens the kernel by its path on every request: gone now, it is a 404 to iPXE.
        File.Delete(kernel);
        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress());
        var boot = await RecordedBoot.WaitForVerdictAsync(lab.Namespace, data, vm.MacAddress, "FileNotFound", BootLimit);
        output.WriteLine(boot.Describe());

        boot.AssertInOrder(("HTTP GET /quick/0/vmlinuz", "404"));
        Assert.StartsWith("file not found: /quick/0/vmlinuz (", boot.Verdict, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPayload.Marker, vm.SerialLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kernel_only_root_may_read_is_not_readable_by_the_servers_user()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var kernel = CopyKernel(lab, payload);
        var data = Path.Combine(lab.WorkDirectory, "data");
        await using var server = await StartQuickAsync(lab, kernel, payload.InitrdPath, "m-timeline-unreadable", data);

        // Started as root, the server runs as nobody: a root-owned 0600 file is refused to it.
        File.SetUnixFileMode(kernel, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress());
        var boot = await RecordedBoot.WaitForVerdictAsync(lab.Namespace, data, vm.MacAddress, "FileNotReadable", BootLimit);
        output.WriteLine(boot.Describe());

        boot.AssertInOrder(("HTTP GET /quick/0/vmlinuz", "404"));
        Assert.StartsWith("/quick/0/vmlinuz is not readable by the server's user: permission denied: mode 0600", boot.Verdict, StringComparison.Ordinal);
        Assert.Contains("nobody", boot.Verdict, StringComparison.Ordinal);
    }

    /// <summary>
    /// dnsmasq as the network's DHCP server with a PXE service of its own for arch 7 (BC_EFI): its offer
    /// carries an address, option 60 PXEClient and option 43 (discovery control 8, a prompt). OVMF ranks a
    /// DHCP offer with PXE options above an address-only offer paired with a proxy offer, so it requests
    /// dnsmasq's, never asks port 4011 of ours and fetches nothing from us; about a minute later it gives
    /// PXE up and tries its next boot option, HTTP Boot (vendor class HTTPClient) — which our proxy would
    /// answer, so the machine is stopped there. The PXE attempt is the machine's first boot on the timeline.
    /// </summary>
    [Fact]
    public async Task Uefi_firmware_that_takes_a_pxe_offer_from_the_dhcp_server_ignores_the_proxy()
    {
        using var tree = await BootTree.CreateAsync("m-unexpected-pxelinux", "m-unexpected-ipxe");
        await using var lab = await BootLab.CreateAsync();
        var peer = await lab.AddPeerHostAsync(2);
        var dnsmasq = await peer.StartProgramAsync("DHCP, IP range", "dnsmasq", "--keep-in-foreground", "--log-facility=-", "--log-dhcp",
            "--conf-file=/dev/null", "--pid-file=", "--user=root", "--port=0", $"--interface={peer.Interface}", "--bind-interfaces",
            $"--dhcp-leasefile={Path.Combine(lab.WorkDirectory, "dnsmasq.leases")}",
            $"--dhcp-range={lab.AddressAt(50)},{lab.AddressAt(90)},255.255.255.0,1h", "--pxe-service=BC_EFI,Network boot,theirs.efi");
        var data = Path.Combine(lab.WorkDirectory, "data");
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "proxyDHCP listening on br0",
            "serve", "--interface", "br0", "--proxy", "--tftp-root", tree.Root, "--ipxe-script", "boot.ipxe", "--data-dir", data);

        var vm = await lab.StartVmAsync(Firmware.UefiPxe, BootLab.NewMacAddress());

        // Right after our offer the firmware is still collecting offers (its first DISCOVER waits 4 s): no verdict yet.
        var choosing = await RecordedBoot.WaitForAnswerAsync(lab.Namespace, data, vm.MacAddress, "Offer boot snponly.efi", BootLimit);
        Assert.Equal("InProgress", choosing.VerdictKind);

        var ack = await dnsmasq.WaitForLineAsync("DHCPACK(eth0)", BootLimit);
        await dnsmasq.WaitForLineAsync("vendor class: HTTPClient", BootLimit);
        await vm.DisposeAsync();
        var boot = await RecordedBoot.WaitForVerdictAsync(lab.Namespace, data, vm.MacAddress, "ProxyOfferIgnored", RecordLimit, number: 1);
        output.WriteLine(boot.Describe());

        boot.AssertInOrder(("DHCP Discover (arch EfiBc, Firmware)", ""), ("DHCP Discover", "Offer boot snponly.efi"));
        Assert.DoesNotContain(boot.Steps, s => s.Kind is "BootServerRequest" or "TftpStarted" or "HttpStarted");
        Assert.StartsWith("firmware ignored the proxy offer: snponly.efi was offered, but no request on port 4011", boot.Verdict, StringComparison.Ordinal);
        Assert.EndsWith(FullDhcpBootTests.Mac(vm), ack.TrimEnd(), StringComparison.Ordinal);
    }

    private static Task<PxeHostProcess> StartQuickAsync(BootLab lab, string kernel, string initrd, string marker, string data) =>
        PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "boot", kernel, initrd, "--cmdline", $"console=ttyS0 {marker}",
            "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}",
            "--data-dir", data, "--probe-timeout", "1000");

    /// <summary>The test kernel copied where the test may delete it or change its mode; the cached payload stays as it is.</summary>
    private static string CopyKernel(BootLab lab, LabPayload payload)
    {
        var folder = Path.Combine(lab.WorkDirectory, "kernel");
        Directory.CreateDirectory(folder);
        var kernel = Path.Combine(folder, "vmlinuz");
        File.Copy(payload.KernelPath, kernel);
        ServedFolder.OpenToAll(folder);
        return kernel;
    }
}
