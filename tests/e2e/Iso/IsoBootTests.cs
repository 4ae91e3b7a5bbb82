using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Boot;
using PxeHost.E2E.Tests.Support;
using Xunit.Abstractions;

namespace PxeHost.E2E.Tests.Iso;

/// <summary>
/// Images booted as they are, never unpacked: `pxehost iso add` indexes an image made with xorriso, its
/// own isolinux.cfg and grub.cfg give the entries, and real firmware boots one — a BIOS machine through
/// PXELINUX (kernel and initrd read out of the image over TFTP) and a UEFI machine through iPXE (over
/// HTTP) — while the data folder holds no copy of the kernel.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed partial class IsoBootTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task An_images_second_entry_boots_on_bios_and_uefi_from_inside_the_image()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var iso = await TestIsos.PayloadAsync(lab.WorkDirectory, payload);
        var data = Path.Combine(lab.WorkDirectory, "data");

        var added = await PxeHostProcess.RunAsync(lab.Namespace, "iso", "add", iso, "--name", "test", "--data-dir", data);
        Assert.True(added.ExitCode == 0, added.Output);
        var listed = await PxeHostProcess.RunAsync(lab.Namespace, "iso", "list", "--data-dir", data);
        output.WriteLine(listed.Stdout);
        Assert.Contains("Payload one", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("Payload two", listed.Stdout, StringComparison.Ordinal);

        var bios = BootLab.NewMacAddress();
        var uefi = BootLab.NewMacAddress();
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            profiles:
              two:
                iso: test
                entry: Payload two
            machines:
              - mac: {{FullDhcpBootTests.Mac(bios)}}
                boot: two
                loader: pxelinux
              - mac: {{FullDhcpBootTests.Mac(uefi)}}
                boot: two
                loader: ipxe
            """);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", config, "--data-dir", data, "--probe-timeout", "500");

        await using (var vm = await lab.StartVmAsync(Firmware.BiosIpxe, bios))
        {
            var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
            Assert.Contains("m-iso-two", line, StringComparison.Ordinal);
        }

        await using (var vm = await lab.StartVmAsync(Firmware.UefiPxe, uefi))
        {
            var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
            Assert.Contains("m-iso-two", line, StringComparison.Ordinal);
        }

        // Out of the image: by TFTP for PXELINUX, by HTTP for iPXE; and nothing in the data folder is a kernel.
        output.WriteLine(string.Join('\n', server.Lines.Where(l => l.Contains("vmlinuz", StringComparison.Ordinal))));
        Assert.Contains(server.Lines, l => l.Contains("tftp ", StringComparison.Ordinal) && l.Contains("iso/test/boot/vmlinuz\"", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(server.Lines, l => l.Contains("GET /iso/test/boot/vmlinuz", StringComparison.OrdinalIgnoreCase));
        var kernel = new FileInfo(payload.KernelPath).Length;
        Assert.DoesNotContain(Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories), f => new FileInfo(f).Length == kernel);
    }

    /// <summary>
    /// The Debian installer's netboot files made into an image with its own isolinux.cfg and grub.cfg: its
    /// "Install" entry, as the image's menus give it, reaches the installer's first screen on BIOS through
    /// PXELINUX and on UEFI through iPXE, kernel and initrd read out of the image.
    /// </summary>
    [Fact]
    public async Task The_installers_image_reaches_its_first_screen_on_bios_and_uefi()
    {
        await using var lab = await BootLab.CreateAsync();
        var iso = await TestIsos.InstallerAsync(lab.WorkDirectory);
        var data = Path.Combine(lab.WorkDirectory, "data");
        var added = await PxeHostProcess.RunAsync(lab.Namespace, "iso", "add", iso, "--name", "installer", "--data-dir", data);
        Assert.True(added.ExitCode == 0, added.Output);
        output.WriteLine((await PxeHostProcess.RunAsync(lab.Namespace, "iso", "list", "--data-dir", data)).Stdout);

        var bios = BootLab.NewMacAddress();
        var uefi = BootLab.NewMacAddress();
        // The image's own entry keeps its words ("vga=788 --- quiet"); a serial-only machine needs console= after them.
        var config = await WritePlanAsync(lab, "iso: installer\n    entry: Install\n    cmdline: console=ttyS0,115200n8", bios, uefi);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", config, "--data-dir", data, "--probe-timeout", "500");

        foreach (var (firmware, mac) in new[] { (Firmware.BiosIpxe, bios), (Firmware.UefiPxe, uefi) })
        {
            await using var vm = await lab.StartVmAsync(firmware, mac, memoryMiB: 1024);
            await WaitForScreenAsync(vm, "Select a language", TimeSpan.FromMinutes(5));
        }

        Assert.Contains(server.Lines, l => l.Contains("tftp ", StringComparison.Ordinal) && l.Contains("iso/installer/debian-installer/amd64/initrd.gz\"", StringComparison.Ordinal)
            && l.Contains(": Completed", StringComparison.Ordinal));
        Assert.Contains(server.Lines, l => l.Contains("GET /iso/installer/debian-installer/amd64/initrd.gz 200", StringComparison.Ordinal));
    }

    /// <summary>
    /// memtest86+'s own image (Debian's package): its one entry is the memtest binary, loaded by PXELINUX as
    /// a Linux kernel; booted on BIOS with a serial console it draws its screen there. iPXE's image is offered too.
    /// </summary>
    [Fact]
    public async Task Memtest86_plus_from_its_image_starts_on_bios_and_ipxes_image_is_offered()
    {
        await using var lab = await BootLab.CreateAsync();
        var data = Path.Combine(lab.WorkDirectory, "data");
        foreach (var (image, name) in new[] { ("/usr/lib/memtest86+/memtest86+x64.iso", "memtest"), ("/usr/lib/ipxe/ipxe.iso", "ipxe") })
        {
            var added = await PxeHostProcess.RunAsync(lab.Namespace, "iso", "add", image, "--name", name, "--data-dir", data);
            Assert.True(added.ExitCode == 0, added.Output);
        }

        var listed = (await PxeHostProcess.RunAsync(lab.Namespace, "iso", "list", "--data-dir", data)).Stdout;
        output.WriteLine(listed);
        Assert.Matches(@"(?m)^ipxe .*\n  1\. ipxe\.lkrn ", listed);
        Assert.Matches(@"(?m)^memtest .*\n  1\. Memtest86\+ v6\.\d+  \[memtest;", listed);

        var bios = BootLab.NewMacAddress();
        var config = await WritePlanAsync(lab, "iso: memtest\n    cmdline: console=ttyS0,115200", bios, BootLab.NewMacAddress());
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", config, "--data-dir", data, "--probe-timeout", "500");
        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, bios);
        await WaitForScreenAsync(vm, "Memtest86+ v6", BootLimit);
        Assert.Contains(server.Lines, l => l.Contains("iso/memtest/EFI/BOOT/bootx64.efi\"", StringComparison.OrdinalIgnoreCase) && l.Contains(": Completed", StringComparison.Ordinal));
    }

    /// <summary>
    /// What the issue promises a user types: `pxehost iso add x.iso &amp;&amp; pxehost serve --interface IF --proxy`,
    /// beside the network's own DHCP server (dnsmasq on another host). With no plan the image's entries are
    /// the menu an unknown machine gets, and the first one boots after the menu's timeout.
    /// </summary>
    [Fact]
    public async Task With_no_plan_an_added_images_first_entry_boots_an_unknown_machine_through_the_proxy()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var peer = await lab.AddPeerHostAsync(2);
        await peer.StartPlainDnsmasqAsync(lab.AddressAt(50), lab.AddressAt(90), Path.Combine(lab.WorkDirectory, "dnsmasq.leases"));
        var iso = await TestIsos.PayloadAsync(lab.WorkDirectory, payload);
        var data = Path.Combine(lab.WorkDirectory, "data");
        var added = await PxeHostProcess.RunAsync(lab.Namespace, "iso", "add", iso, "--data-dir", data);
        Assert.True(added.ExitCode == 0, added.Output);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "proxyDHCP listening on br0",
            "serve", "--interface", "br0", "--proxy", "--data-dir", data);

        await using var vm = await lab.StartVmAsync(Firmware.UefiPxe, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
        Assert.Contains("m-iso-one", line, StringComparison.Ordinal);
        Assert.Contains(server.Lines, l => l.Contains("GET /iso/payload/boot/vmlinuz 200", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A plan with one profile, PROFILE's lines given, booted by a BIOS machine through PXELINUX and a UEFI one through iPXE.</summary>
    private static async Task<string> WritePlanAsync(BootLab lab, string profile, System.Net.NetworkInformation.PhysicalAddress bios, System.Net.NetworkInformation.PhysicalAddress uefi)
    {
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            profiles:
              image:
                {{profile}}
            machines:
              - mac: {{FullDhcpBootTests.Mac(bios)}}
                boot: image
                loader: pxelinux
              - mac: {{FullDhcpBootTests.Mac(uefi)}}
                boot: image
                loader: ipxe
            """);
        return config;
    }

    /// <summary>Waits for <paramref name="text"/> anywhere on the serial console, terminal escapes removed (full-screen programs place text with cursor moves).</summary>
    private async Task WaitForScreenAsync(VirtualMachine vm, string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Readable(vm.SerialLog).Contains(text, StringComparison.Ordinal))
        {
            if (vm.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' never showed within {limit}. {vm.Describe()}");
            }

            await Task.Delay(200);
        }

        output.WriteLine($"{vm.Firmware}: '{text}' after {vm.Uptime.TotalSeconds:F1} s");
    }

    private static string Readable(string text) => TerminalEscape().Replace(text, "").Replace("\r", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\x1B(\[[0-9;?=]*[A-Za-z]|[()][0-9A-Za-z]|[=>c])")]
    private static partial Regex TerminalEscape();
}
