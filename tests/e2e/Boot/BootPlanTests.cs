using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// One pxehost.yaml rendered for each loader, per client: machines boot their own profiles, a
/// PXELINUX menu boots its Linux entry, and an edit while the server runs changes the next boot —
/// while a broken edit is refused with file:line and the old plan keeps serving.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class BootPlanTests
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Two_machines_boot_their_own_profiles_one_bios_one_uefi()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var bios = BootLab.NewMacAddress();
        var uefi = BootLab.NewMacAddress();
        var config = await WriteConfigAsync(lab, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            profiles:
              alpha:
                title: Alpha
                kernel: {{payload.KernelPath}}
                initrds: [{{payload.InitrdPath}}]
                cmdline: console=ttyS0 m-plan-alpha mac=${mac}
              beta:
                title: Beta
                kernel: {{payload.KernelPath}}
                initrds: [{{payload.InitrdPath}}]
                cmdline: console=ttyS0 m-plan-beta ip=${ip}
            machines:
              - mac: {{FullDhcpBootTests.Mac(bios)}}
                boot: alpha
              - mac: {{FullDhcpBootTests.Mac(uefi)}}
                boot: beta
                address: {{lab.AddressAt(77)}}
            """);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", config, "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "500");

        await using (var vm = await lab.StartVmAsync(Firmware.BiosIpxe, bios))
        {
            var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
            Assert.Contains("m-plan-alpha", line, StringComparison.Ordinal);
            Assert.Contains($"mac={FullDhcpBootTests.Mac(bios)}", line, StringComparison.Ordinal);
        }

        await using (var vm = await lab.StartVmAsync(Firmware.UefiPxe, uefi))
        {
            var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
            Assert.Contains("m-plan-beta", line, StringComparison.Ordinal);
            Assert.Contains($"ip={lab.AddressAt(77)}", line, StringComparison.Ordinal);
        }

        // Kernels and initrds named by absolute path are published under files/PROFILE/ and fetched over HTTP.
        var log = string.Join('\n', server.Lines);
        Assert.Contains("GET /files/alpha/vmlinuz 200", log, StringComparison.Ordinal);
        Assert.Contains("GET /files/beta/initrd.gz 200", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pxelinux_menu_with_local_disk_memtest_and_linux_boots_its_linux_entry()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var config = await WriteConfigAsync(lab, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            defaults:
              loader: pxelinux
              boot: lab
              serial: 0
            profiles:
              linux:
                title: Linux (test payload)
                kernel: {{payload.KernelPath}}
                initrd: {{payload.InitrdPath}}
                cmdline: console=ttyS0 m-pxelinux-menu
              memtest:
                title: Memory test
                memtest: true
              local:
                title: Boot from local disk
                local: true
            menus:
              lab:
                title: PxeHost lab
                timeout: 2
                default: linux
                entries: [local, memtest, linux]
            """);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", config, "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "500");

        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);

        Assert.Contains("m-pxelinux-menu", line, StringComparison.Ordinal);
        var log = string.Join('\n', server.Lines);
        Assert.Contains("boot pxelinux.0", log, StringComparison.Ordinal);
        Assert.Contains($"\"pxelinux.cfg/01-{QuickModeBootTests.BootMac(vm)}\"", log, StringComparison.Ordinal);
        Assert.Contains("\"menu.c32\"", log, StringComparison.Ordinal);
        Assert.Contains("files/linux/vmlinuz\" 14", log, StringComparison.Ordinal);
        // TFTP lines name the client by the MAC DHCP told the server, then its address and port.
        Assert.Contains($"tftp {FullDhcpBootTests.Mac(vm)} ({lab.AddressAt(100)}:", log, StringComparison.Ordinal);
        Assert.Contains("Memory test", vm.SerialLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_changes_the_next_boot_and_a_broken_edit_keeps_the_old_plan()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        string Config(string marker) => $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            defaults:
              boot: payload
            profiles:
              payload:
                kernel: {{payload.KernelPath}}
                initrds: [{{payload.InitrdPath}}]
                cmdline: console=ttyS0 {{marker}}
            """;
        var config = await WriteConfigAsync(lab, Config("m-before-edit"));
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "boot plan: watching",
            "serve", "--config", config, "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "500");
        await server.WaitForLineAsync("DHCP (Full) listening on br0", TimeSpan.FromSeconds(30));

        await File.WriteAllTextAsync(config, Config("m-after-edit"));
        await server.WaitForLineAsync("boot plan reloaded from", TimeSpan.FromSeconds(30));
        await File.WriteAllTextAsync(config, Config("m-broken") + "\n  bogus-key: [unclosed\n");
        await server.WaitForLineAsync("the last good plan (version 1) keeps serving", TimeSpan.FromSeconds(30));
        Assert.Contains(server.Lines, l => l.Contains($"boot plan edit refused: {config}:", StringComparison.Ordinal));

        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress());
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
        Assert.Contains("m-after-edit", line, StringComparison.Ordinal);
    }

    private static async Task<string> WriteConfigAsync(BootLab lab, string yaml)
    {
        var path = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }
}
