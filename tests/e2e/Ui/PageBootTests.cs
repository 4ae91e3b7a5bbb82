using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Boot;
using PxeHost.E2E.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PxeHost.E2E.Tests.Ui;

/// <summary>
/// A real machine's boot watched on the page as it happens: a QEMU BIOS machine boots from
/// <c>pxehost boot</c> in the lab while the machines page is open in chromium on the same bridge; its row
/// appears while the machine is still booting, with no reload, and turns to "booted" once it has.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class PageBootTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_qemu_boot_appears_on_the_open_page_while_it_happens_and_ends_booted()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "boot", payload.KernelPath, payload.InitrdPath, "--cmdline", "console=ttyS0 m-page",
            "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}",
            "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "1000");
        await using var browser = await LabBrowser.LaunchAsync(lab.Namespace);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://{lab.ServerAddress}/ui/");
        await Expect(page.Locator("#live")).ToHaveTextAsync("on", new() { Timeout = 20_000 });
        var loaded = await page.EvaluateAsync<double>("performance.timeOrigin");

        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress());
        var mac = FullDhcpBootTests.Mac(vm);
        var row = page.Locator($"#machines tr[data-mac=\"{mac}\"]");

        // The row comes with the machine's first DHCP exchange, long before its kernel (iPXE pauses after DHCP).
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Null(vm.FindSerialLine(TestPayload.Marker));
        await LabBrowser.ScreenshotAsync(page, "boot-under-way", output);

        await vm.WaitForSerialAsync(TestPayload.Marker, BootLimit);
        await Expect(row).ToHaveClassAsync(new Regex("verdict-Booted"), new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("booted: kernel vmlinuz and initrd initrd.gz delivered over HTTP", new() { Timeout = 30_000 });
        await LabBrowser.ScreenshotAsync(page, "boot-done", output);

        // The same page all along: it was never reloaded.
        Assert.Equal(loaded, await page.EvaluateAsync<double>("performance.timeOrigin"));
    }
}
