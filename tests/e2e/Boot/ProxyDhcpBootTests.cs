using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// proxyDHCP beside the network's own DHCP server: dnsmasq on another host hands out the addresses
/// (no boot options at all), PxeHost only adds boot information — and never gives an address.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class ProxyDhcpBootTests
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Bios_and_uefi_boot_from_pxehost_while_dnsmasq_gives_the_addresses()
    {
        using var tree = await BootTree.CreateAsync("m-proxy-bios-pxelinux", "m-proxy-uefi-ipxe");
        await using var lab = await BootLab.CreateAsync();
        var peer = await lab.AddPeerHostAsync(2);
        var dnsmasqLeases = Path.Combine(lab.WorkDirectory, "dnsmasq.leases");
        await peer.StartPlainDnsmasqAsync(lab.AddressAt(50), lab.AddressAt(90), dnsmasqLeases);
        var data = Path.Combine(lab.WorkDirectory, "data");
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "proxyDHCP listening on br0",
            "serve", "--interface", "br0", "--proxy", "--tftp-root", tree.Root, "--bootfile", "pxelinux.0", "--ipxe-script", "boot.ipxe",
            "--data-dir", data);

        await using (var bios = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress()))
        {
            // The SeaBIOS ROM is iPXE already: it gets the admin's script (not pxelinux.0, which needs no iPXE).
            var line = await bios.WaitForSerialAsync(TestPayload.Marker, BootLimit);
            Assert.Contains("m-proxy-uefi-ipxe", line, StringComparison.Ordinal);
            Assert.Contains(FullDhcpBootTests.Mac(bios), await File.ReadAllTextAsync(dnsmasqLeases), StringComparison.Ordinal);
        }

        await using (var uefi = await lab.StartVmAsync(Firmware.UefiPxe, BootLab.NewMacAddress()))
        {
            var line = await uefi.WaitForSerialAsync(TestPayload.Marker, BootLimit);
            Assert.Contains("m-proxy-uefi-ipxe", line, StringComparison.Ordinal);
            Assert.Contains(FullDhcpBootTests.Mac(uefi), await File.ReadAllTextAsync(dnsmasqLeases), StringComparison.Ordinal);
            var log = string.Join('\n', server.Lines);
            Assert.Contains($"dhcp {FullDhcpBootTests.Mac(uefi)} Request on br0 port 4011: Ack (no address) boot snponly.efi", log, StringComparison.Ordinal);
        }

        // Addresses came from dnsmasq only: every PxeHost reply carried none, and no lease was stored.
        Assert.DoesNotContain(server.Lines, l => l.Contains("dhcp ", StringComparison.Ordinal) && l.Contains(": Offer 10.", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Lines, l => l.Contains(": Ack 10.", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(data, "leases.db")), "proxy mode must not keep leases");
    }

    [Fact]
    public async Task Uefi_http_boot_firmware_gets_a_url_from_the_proxy_while_dnsmasq_gives_the_address()
    {
        using var tree = await BootTree.CreateAsync("m-unexpected-pxelinux", "m-proxy-httpboot");
        await using var lab = await BootLab.CreateAsync();
        var peer = await lab.AddPeerHostAsync(2);
        var leases = Path.Combine(lab.WorkDirectory, "dnsmasq.leases");
        await peer.StartPlainDnsmasqAsync(lab.AddressAt(50), lab.AddressAt(90), leases);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "proxyDHCP listening on br0",
            "serve", "--interface", "br0", "--proxy", "--tftp-root", tree.Root, "--ipxe-script", "boot.ipxe");

        await using var vm = await lab.StartVmAsync(Firmware.UefiHttpBoot, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);

        Assert.Contains("m-proxy-httpboot", line, StringComparison.Ordinal);
        var log = string.Join('\n', server.Lines);
        Assert.Contains($"Offer (no address) boot http://{lab.ServerAddress}/snponly.efi", log, StringComparison.Ordinal);
        Assert.Contains("GET /snponly.efi 200", log, StringComparison.Ordinal);
        Assert.Contains(FullDhcpBootTests.Mac(vm), await File.ReadAllTextAsync(leases), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uefi_firmware_shows_the_pxe_menu_and_boots_its_first_entry_after_the_timeout()
    {
        using var tree = await BootTree.CreateAsync("m-unexpected-pxelinux", "m-menu-ipxe");
        await using var lab = await BootLab.CreateAsync();
        var peer = await lab.AddPeerHostAsync(2);
        await peer.StartPlainDnsmasqAsync(lab.AddressAt(50), lab.AddressAt(90), Path.Combine(lab.WorkDirectory, "dnsmasq.leases"));
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "proxyDHCP listening on br0",
            "serve", "--interface", "br0", "--proxy", "--tftp-root", tree.Root, "--ipxe-script", "boot.ipxe",
            "--pxe-menu", "Linux through iPXE=snponly.efi", "--pxe-menu", "Local disk=local",
            "--pxe-prompt", "PxeHost menu: press F8", "--pxe-timeout", "2");

        await using var vm = await lab.StartVmAsync(Firmware.UefiPxe, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);

        Assert.Contains("m-menu-ipxe", line, StringComparison.Ordinal);
        Assert.Contains("PxeHost menu: press F8", vm.SerialLog, StringComparison.Ordinal);
        var log = string.Join('\n', server.Lines);
        Assert.Contains("boot snponly.efi (UEFI x64 PXE; port 4011: boot file", log, StringComparison.Ordinal);
    }
}
