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
public sealed class IsoBootTests(ITestOutputHelper output)
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
}
