using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Support;
using Xunit.Abstractions;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// The Debian 12 installer (package debian-installer-12-netboot-amd64) configured as a profile —
/// its kernel and initrd by their paths in the package, not its own pxelinux.cfg — boots to its first
/// screen over PXE: a BIOS machine through PXELINUX (kernel and initrd over TFTP) and a UEFI machine
/// with OVMF's own PXE through iPXE (script, then kernel and initrd over HTTP).
/// </summary>
[Collection(QemuBoots.Name)]
public sealed partial class DebianInstallerBootTests(ITestOutputHelper output)
{
    private const string Images = "/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64";

    // d-i's first question, drawn by the newt frontend on the serial console 46–57 s after QEMU starts (BIOS and UEFI alike), under TCG.
    private const string FirstScreen = "Select a language";

    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_installer_reaches_its_first_screen_on_bios_through_pxelinux_and_on_uefi_through_ipxe()
    {
        await using var lab = await BootLab.CreateAsync();
        var bios = BootLab.NewMacAddress();
        var uefi = BootLab.NewMacAddress();
        // The installer's own menu passes "vga=788 --- quiet"; on a serial-only machine it needs only
        // console=: rootskel then runs the newt frontend on that console.
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            defaults:
              serial: 0
            profiles:
              debian-installer:
                title: Debian 12 installer
                kernel: {{Images}}/linux
                initrds: [{{Images}}/initrd.gz]
                cmdline: console=ttyS0,115200n8
            machines:
              - mac: {{FullDhcpBootTests.Mac(bios)}}
                boot: debian-installer
                loader: pxelinux
              - mac: {{FullDhcpBootTests.Mac(uefi)}}
                boot: debian-installer
                loader: ipxe
            """);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "serve", "--config", config, "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "500");

        await using (var vm = await lab.StartVmAsync(Firmware.BiosIpxe, bios, memoryMiB: 1024))
        {
            await WaitForFirstScreenAsync(vm);
        }

        // PXELINUX fetches what its config names over TFTP: the copies published under files/PROFILE/, whole.
        foreach (var file in (string[])["linux", "initrd.gz"])
        {
            var size = new FileInfo($"{Images}/{file}").Length;
            Assert.Contains(Logged(server, $"\"/files/debian-installer/{file}\""), l => l.Contains($"\" {size} bytes", StringComparison.Ordinal)
                && l.Contains(": Completed", StringComparison.Ordinal));
        }

        await using (var vm = await lab.StartVmAsync(Firmware.UefiPxe, uefi, memoryMiB: 1024))
        {
            await WaitForFirstScreenAsync(vm);
        }

        // iPXE's script names them as HTTP URLs.
        foreach (var file in (string[])["linux", "initrd.gz"])
        {
            var size = new FileInfo($"{Images}/{file}").Length;
            Assert.Contains(Logged(server, $"GET /files/debian-installer/{file} "), l => l.Contains($" 200 {size} bytes", StringComparison.Ordinal));
        }
    }

    /// <summary>The server's log lines holding <paramref name="text"/>, also written to the test output (transfer times, rates).</summary>
    private List<string> Logged(PxeHostProcess server, string text)
    {
        var lines = server.Lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
        lines.ForEach(output.WriteLine);
        return lines;
    }

    /// <summary>
    /// Waits for <see cref="FirstScreen"/> anywhere in the console output: newt places text with cursor
    /// movements rather than line breaks, so the screen's title need not end a line.
    /// </summary>
    private async Task WaitForFirstScreenAsync(VirtualMachine vm)
    {
        var deadline = DateTime.UtcNow + BootLimit;
        while (!Readable(vm.SerialLog).Contains(FirstScreen, StringComparison.Ordinal))
        {
            if (vm.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the installer's first screen ('{FirstScreen}') never showed within {BootLimit}. {vm.Describe()}");
            }

            await Task.Delay(200);
        }

        output.WriteLine($"{vm.Firmware}: '{FirstScreen}' after {vm.Uptime.TotalSeconds:F1} s");
        // The kernel echoes its command line: the profile's, not the package's pxelinux.cfg ("vga=788 --- quiet").
        var commandLine = Readable(vm.SerialLog).Split('\n').FirstOrDefault(l => l.Contains("Kernel command line:", StringComparison.Ordinal));
        Assert.NotNull(commandLine);
        Assert.Contains("console=ttyS0,115200n8", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("vga=788", commandLine, StringComparison.Ordinal);
    }

    private static string Readable(string text) => TerminalEscape().Replace(text, "").Replace("\r", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\x1B(\[[0-9;?=]*[A-Za-z]|[()][0-9A-Za-z]|[=>c])")]
    private static partial Regex TerminalEscape();
}
