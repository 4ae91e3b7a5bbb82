using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// GRUB netboot built from the system's grub packages: BIOS (core.0) and UEFI (core.efi) read the
/// grub.cfg PxeHost renders for them (grub.cfg-01-MAC) and boot the menuentry, one with the files
/// over TFTP, the other over HTTP.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class GrubBootTests
{
    [Fact]
    public async Task Bios_over_tftp_and_uefi_over_http_boot_their_grub_menuentry()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var bios = BootLab.NewMacAddress();
        var uefi = BootLab.NewMacAddress();
        var path = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        await File.WriteAllTextAsync(path, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            defaults:
              loader: grub
              serial: 0
            profiles:
              tftp:
                title: Payload over TFTP
                kernel: {{payload.KernelPath}}
                initrds: [{{payload.InitrdPath}}]
                cmdline: console=ttyS0 m-grub-tftp
              http:
                title: Payload over HTTP
                kernel: http://{{lab.ServerAddress}}/files/tftp/vmlinuz
                initrds: [http://{{lab.ServerAddress}}/files/tftp/initrd.gz]
                cmdline: console=ttyS0 m-grub-http
            machines:
              - mac: {{FullDhcpBootTests.Mac(bios)}}
                boot: tftp
              - mac: {{FullDhcpBootTests.Mac(uefi)}}
                boot: http
            """);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", path, "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "500");

        await using (var vm = await lab.StartVmAsync(Firmware.BiosIpxe, bios))
        {
            Assert.Contains("m-grub-tftp", await vm.WaitForSerialAsync(TestPayload.Marker, TimeSpan.FromMinutes(4)), StringComparison.Ordinal);
        }

        await using (var vm = await lab.StartVmAsync(Firmware.UefiPxe, uefi))
        {
            Assert.Contains("m-grub-http", await vm.WaitForSerialAsync(TestPayload.Marker, TimeSpan.FromMinutes(4)), StringComparison.Ordinal);
        }

        var log = string.Join('\n', server.Lines);
        Assert.Contains("boot grub/i386-pc/core.0", log, StringComparison.Ordinal);
        Assert.Contains("boot grub/x86_64-efi/core.efi", log, StringComparison.Ordinal);
        Assert.Contains($"\"/grub/grub.cfg-01-{QuickModeBootTests.BootMacOf(bios)}\"", log, StringComparison.Ordinal);
        Assert.Contains($"\"/grub/grub.cfg-01-{QuickModeBootTests.BootMacOf(uefi)}\"", log, StringComparison.Ordinal);
        Assert.Contains("\"/files/tftp/vmlinuz\" 14", log, StringComparison.Ordinal);
        Assert.Contains("GET /files/tftp/vmlinuz 200", log, StringComparison.Ordinal);
    }
}
