using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// <c>pxehost boot KERNEL INITRD --cmdline …</c>: with no TFTP tree at all, BIOS and UEFI machines
/// boot exactly that kernel — iPXE from the system's package over TFTP, then the kernel and initrd
/// over HTTP.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class QuickModeBootTests
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    [Theory]
    [InlineData(Firmware.BiosIpxe, "m-quick-bios")]
    [InlineData(Firmware.UefiPxe, "m-quick-uefi")]
    [InlineData(Firmware.UefiHttpBoot, "m-quick-httpboot")]
    public async Task Every_client_boots_the_given_kernel_over_http(Firmware firmware, string marker)
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "boot", payload.KernelPath, payload.InitrdPath, "--cmdline", $"console=ttyS0 {marker}",
            "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}",
            "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "1000");

        await using var vm = await lab.StartVmAsync(firmware, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);

        Assert.Contains(marker, line, StringComparison.Ordinal);
        Assert.Contains("initrd=initrd.gz", line, StringComparison.Ordinal);
        var log = string.Join('\n', server.Lines);
        Assert.Contains($"GET /boot/{BootMac(vm)}.ipxe 200", log, StringComparison.Ordinal);
        Assert.Contains("GET /quick/0/vmlinuz 200", log, StringComparison.Ordinal);
        Assert.Contains("GET /quick/1/initrd.gz 200", log, StringComparison.Ordinal);
        if (firmware == Firmware.UefiPxe)
        {
            // OVMF's own PXE gets iPXE first; the kernel then comes over HTTP, not TFTP.
            Assert.Contains("\"snponly.efi\" 173792 bytes", log, StringComparison.Ordinal);
        }

        if (firmware == Firmware.UefiHttpBoot)
        {
            // UEFI HTTP Boot (vendor class HTTPClient) is given iPXE as a URL, and fetches it over HTTP.
            Assert.Contains($"boot http://{lab.ServerAddress}/snponly.efi", log, StringComparison.Ordinal);
            Assert.Contains("GET /snponly.efi 200", log, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"vmlinuz\"", log, StringComparison.Ordinal);
    }

    internal static string BootMac(VirtualMachine vm) => FullDhcpBootTests.Mac(vm).Replace(':', '-');

    internal static string BootMacOf(System.Net.NetworkInformation.PhysicalAddress mac) => FullDhcpBootTests.Mac(mac).Replace(':', '-');
}
