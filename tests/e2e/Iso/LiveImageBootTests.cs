using PxeHost.E2E.Tests.Boot;
using PxeHost.E2E.Tests.Support;
using Xunit.Abstractions;

namespace PxeHost.E2E.Tests.Iso;

/// <summary>
/// A real live system whose root comes over HTTP from inside the image: a dracut live image (Debian's
/// cloud kernel, Debian's dracut initramfs with dmsquash-live and livenet, a squashfs root made in the
/// test) whose entries say <c>root=live:CDLABEL=…</c>. PxeHost's dracut rule points root=live: at the
/// squashfs inside the image over HTTP; dracut downloads it, mounts it under an overlay and runs its
/// init, which prints a line only the squashfs holds — on BIOS (PXELINUX) and on UEFI (iPXE).
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class LiveImageBootTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_dracut_live_image_boots_to_its_squashfs_root_fetched_from_inside_the_image_on_bios_and_uefi()
    {
        var live = await TestLiveSystem.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var iso = await TestIsos.LiveAsync(lab.WorkDirectory, live);
        var data = Path.Combine(lab.WorkDirectory, "data");
        var added = await PxeHostProcess.RunAsync(lab.Namespace, "iso", "add", iso, "--name", "live", "--data-dir", data);
        Assert.True(added.ExitCode == 0, added.Output);
        var listed = (await PxeHostProcess.RunAsync(lab.Namespace, "iso", "list", "--data-dir", data)).Stdout;
        output.WriteLine(listed);
        Assert.Contains("dracut-live", listed, StringComparison.Ordinal);

        // The BIOS machine's NIC is virtio: the cloud kernel has no e1000 driver, and dracut needs the network.
        var bios = BootLab.NewMacAddress();
        var uefi = BootLab.NewMacAddress();
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            profiles:
              live:
                iso: live
                entry: Start PxeHost Live
                cmdline: console=ttyS0
            machines:
              - mac: {{FullDhcpBootTests.Mac(bios)}}
                boot: live
                loader: pxelinux
              - mac: {{FullDhcpBootTests.Mac(uefi)}}
                boot: live
                loader: ipxe
            """);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", config, "--data-dir", data, "--probe-timeout", "500");

        foreach (var (firmware, mac) in new[] { (Firmware.BiosIpxeVirtio, bios), (Firmware.UefiPxe, uefi) })
        {
            await using var vm = await lab.StartVmAsync(firmware, mac, memoryMiB: 768);
            var line = await vm.WaitForSerialAsync(TestLiveSystem.Marker, BootLimit);
            output.WriteLine($"{firmware}: {line.Trim()} after {vm.Uptime.TotalSeconds:F1} s");
            Assert.Contains("from-the-squashfs root-fs=overlay", line, StringComparison.Ordinal);
        }

        // The root came over HTTP out of the image, once per machine; the kernel by TFTP (PXELINUX) and HTTP (iPXE).
        output.WriteLine(string.Join('\n', server.Lines.Where(l => l.Contains("/iso/live/", StringComparison.Ordinal))));
        Assert.Equal(2, server.Lines.Count(l => l.Contains("GET /iso/live/LiveOS/squashfs.img 200", StringComparison.Ordinal)));
        Assert.Contains(server.Lines, l => l.Contains("tftp ", StringComparison.Ordinal) && l.Contains("iso/live/isolinux/vmlinuz\"", StringComparison.Ordinal));
        Assert.Contains(server.Lines, l => l.Contains("GET /iso/live/isolinux/vmlinuz 200", StringComparison.Ordinal));
    }
}
