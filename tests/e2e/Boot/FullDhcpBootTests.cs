using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// PxeHost as the network's DHCP server, the admin's own TFTP tree deciding what boots (seeds 000
/// and 003): real firmware in QEMU boots to the marker line, through the path its marker word names.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class FullDhcpBootTests
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Bios_ipxe_rom_boots_pxelinux_with_its_default_config()
    {
        using var tree = await BootTree.CreateAsync("m-full-bios-pxelinux", "m-unexpected-ipxe");
        await using var lab = await BootLab.CreateAsync();
        var data = Path.Combine(lab.WorkDirectory, "data");
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}", "--tftp-root", tree.Root,
            "--bootfile", "pxelinux.0", "--data-dir", data);

        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);

        Assert.Contains("m-full-bios-pxelinux", line, StringComparison.Ordinal);
        var log = string.Join('\n', server.Lines);
        Assert.Contains($"Ack {lab.AddressAt(100)} boot pxelinux.0", log, StringComparison.Ordinal);
        Assert.Contains("\"pxelinux.0\"", log, StringComparison.Ordinal);
        Assert.Contains("\"ldlinux.c32\"", log, StringComparison.Ordinal);
        Assert.Contains("\"pxelinux.cfg/default\"", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uefi_own_pxe_chains_ipxe_which_gets_the_admins_script_over_http()
    {
        using var tree = await BootTree.CreateAsync("m-unexpected-pxelinux", "m-full-uefi-ipxe");
        await using var lab = await BootLab.CreateAsync();
        var data = Path.Combine(lab.WorkDirectory, "data");
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}", "--tftp-root", tree.Root,
            "--bootfile", "pxelinux.0", "--ipxe-script", "boot.ipxe", "--data-dir", data, "--probe-timeout", "1000");

        await using var vm = await lab.StartVmAsync(Firmware.UefiPxe, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);

        Assert.Contains("m-full-uefi-ipxe", line, StringComparison.Ordinal);
        var log = string.Join('\n', server.Lines);
        Assert.Contains("boot snponly.efi", log, StringComparison.Ordinal);
        Assert.Contains("\"snponly.efi\" 173792 bytes", log, StringComparison.Ordinal);
        Assert.Contains($"boot http://{lab.ServerAddress}/boot.ipxe", log, StringComparison.Ordinal);
        Assert.Contains("GET /vmlinuz 200", log, StringComparison.Ordinal);
        Assert.Contains("GET /initrd.gz 200", log, StringComparison.Ordinal);

        // The lease is on record after the boot.
        var leases = await PxeHostProcess.RunAsync(lab.Namespace, "leases", "--data-dir", data);
        Assert.Contains(Mac(vm), leases.Stdout, StringComparison.Ordinal);
    }

    internal static string Mac(VirtualMachine vm) => Mac(vm.MacAddress);

    internal static string Mac(System.Net.NetworkInformation.PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
