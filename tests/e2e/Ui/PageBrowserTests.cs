using Microsoft.Playwright;
using PxeHost.E2E.Tests.Support;
using PxeHost.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PxeHost.E2E.Tests.Ui;

/// <summary>
/// The page in a real browser (Debian's chromium, headless, in the client's namespace) against a real
/// <c>pxehost serve</c>: machines appear as their DHCP and TFTP traffic happens, with no reload; an admin
/// with the token changes what a machine boots next; without JavaScript the pages still read. Each test
/// keeps screenshots under artifacts/ui-screenshots.
/// </summary>
public sealed class PageBrowserTests(ITestOutputHelper output)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToHaveTextOptions SoonText = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToContainTextOptions SoonContains = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_machine_appears_on_the_page_and_a_second_ones_exchange_and_transfers_appear_live_without_reload()
    {
        await using var lab = await PageLab.StartAsync();
        await lab.DhcpAsync(PageLab.Stranger);
        await using var browser = await LabBrowser.LaunchAsync(lab.Network.ClientNamespace);

        var machines = await browser.NewPageAsync();
        await machines.GotoAsync(lab.Url + "/ui/");
        await Expect(machines.Locator($"#machines tr[data-mac=\"{PageLab.Stranger}\"]")).ToBeVisibleAsync(Soon);
        await Expect(machines.Locator("#live")).ToHaveTextAsync("on", SoonText);

        // The second machine's own page, open before it boots: its timeline fills in as it happens.
        var timeline = await browser.NewPageAsync();
        await timeline.GotoAsync($"{lab.Url}/ui/machines/{PageLab.Known}");
        await Expect(timeline.Locator("#steps")).ToContainTextAsync("No step recorded.", SoonContains);
        await Expect(timeline.Locator("#live")).ToHaveTextAsync("on", SoonText);
        foreach (var page in new[] { machines, timeline })
        {
            await page.EvaluateAsync("() => { window.pxehostTestMark = 'not reloaded'; }");
        }

        await lab.DhcpAsync(PageLab.Known);
        await lab.TftpAsync("hello.efi");

        var row = machines.Locator($"#machines tr[data-mac=\"{PageLab.Known}\"]");
        await Expect(row).ToBeVisibleAsync(Soon);
        await Expect(row).ToContainTextAsync(PageLab.Known, SoonContains);
        await Expect(timeline.Locator("#steps")).ToContainTextAsync("DhcpAnswer", SoonContains);
        await Expect(timeline.Locator("#steps")).ToContainTextAsync("TFTP hello.efi", SoonContains);
        await Expect(timeline.Locator("#steps")).ToContainTextAsync("sent 65536 bytes", SoonContains);
        foreach (var page in new[] { machines, timeline })
        {
            Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.pxehostTestMark"));
        }

        await LabBrowser.ScreenshotAsync(machines, "machines-live", output);
        await LabBrowser.ScreenshotAsync(timeline, "machine-timeline-live", output);

        // A transfer slow enough for progress reports (the server sends one per 256 KiB and second): its bar moves on the page, then it goes.
        await lab.LimitServerRateAsync("4mbit");
        var slow = lab.InClientAsync("curl", "-sS", "-o", "/dev/null", $"tftp://{lab.Network.ServerAddress}/big.bin");
        var bar = timeline.Locator("#transfers progress");
        await Expect(bar).ToBeVisibleAsync(Soon);
        await Expect(timeline.Locator("#transfers")).ToContainTextAsync("/ 3145728 bytes", SoonContains);
        var first = long.Parse(await bar.GetAttributeAsync("value") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(machines.Locator("#transfers")).ToContainTextAsync("big.bin", SoonContains);
        await LabBrowser.ScreenshotAsync(timeline, "machine-transfer-progress", output);
        await Expect(bar).Not.ToHaveAttributeAsync("value", first.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 20_000 });
        var fetched = await slow;
        Assert.True(fetched.ExitCode == 0, fetched.Output);
        await lab.LimitServerRateAsync(null);
        await Expect(timeline.Locator("#transfers")).ToContainTextAsync("No transfer in progress.", SoonContains);
        await Expect(timeline.Locator("#steps")).ToContainTextAsync("sent 3145728 bytes", SoonContains);
    }

    [Fact]
    public async Task With_the_token_a_profile_set_on_the_page_is_what_the_next_boot_gets_and_without_it_there_are_no_controls()
    {
        await using var lab = await PageLab.StartAsync();
        await using var browser = await LabBrowser.LaunchAsync(lab.Network.ClientNamespace);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{lab.Url}/ui/machines/{PageLab.Known}");

        await Expect(page.Locator("#mode")).ToContainTextAsync("Read-only", SoonContains);
        await Expect(page.Locator("#token-form")).ToBeVisibleAsync(Soon);
        Assert.False(await page.Locator("#changes").IsVisibleAsync());
        Assert.False(await page.Locator("#assign").IsVisibleAsync());
        await LabBrowser.ScreenshotAsync(page, "machine-read-only", output);
        Assert.Contains("alpha-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);

        // A wrong token is refused by the server and forgotten by the page.
        await page.FillAsync("#token", "not the token");
        await page.ClickAsync("#token-form button[type=submit]");
        await page.SelectOptionAsync("#profile", "beta");
        await page.ClickAsync("#assign");
        await Expect(page.Locator("#change-result")).ToHaveTextAsync("Refused: that is not the admin token.", SoonText);
        await Expect(page.Locator("#changes")).ToBeHiddenAsync();
        Assert.Contains("alpha-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);

        await page.FillAsync("#token", lab.Token);
        await page.ClickAsync("#token-form button[type=submit]");
        await Expect(page.Locator("#changes")).ToBeVisibleAsync(Soon);
        await page.SelectOptionAsync("#profile", "beta");
        await page.ClickAsync("#assign");
        await Expect(page.Locator("#change-result")).ToHaveTextAsync("Done.", SoonText);
        await Expect(page.Locator("#assignment")).ToHaveTextAsync("Assigned here: 'beta'.", SoonText);
        Assert.Contains("beta-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);
        await LabBrowser.ScreenshotAsync(page, "machine-profile-set", output);

        await page.SelectOptionAsync("#profile", "alpha");
        await page.ClickAsync("#boot-once");
        await Expect(page.Locator("#assignment")).ToHaveTextAsync("Assigned here: 'alpha' once, then the local disk.", SoonText);
        Assert.Contains("alpha-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);

        // The lease page, same tab (the token is kept for it): release the lease the stranger took.
        await lab.DhcpAsync(PageLab.Stranger);
        await page.GotoAsync(lab.Url + "/ui/leases");
        var lease = page.Locator("#leases tbody tr", new PageLocatorOptions { HasText = PageLab.Stranger });
        await Expect(lease).ToContainTextAsync("active", SoonContains);
        await lease.Locator("button.release").ClickAsync();
        await Expect(page.Locator("#change-result")).ToHaveTextAsync("Done.", SoonText);
        await Expect(lease).ToContainTextAsync("released", SoonContains);
        await Expect(lease.Locator("button.release")).ToHaveCountAsync(0);
        await LabBrowser.ScreenshotAsync(page, "leases-released", output);

        // Another tab has no token: no controls.
        var reader = await browser.NewPageAsync();
        await reader.GotoAsync(lab.Url + "/ui/leases");
        await Expect(reader.Locator("#mode")).ToContainTextAsync("Read-only", SoonContains);
        Assert.False(await reader.Locator("button.release").First.IsVisibleAsync());
    }

    [Fact]
    public async Task Without_javascript_the_machines_machine_and_plan_pages_show_the_data_and_the_refused_edit()
    {
        await using var lab = await PageLab.StartAsync();
        await lab.DhcpAsync(PageLab.Known);
        await Eventually.TrueAsync(() => lab.GetAsync("/api/v1/machines").GetAwaiter().GetResult().Contains(PageLab.Known, StringComparison.Ordinal),
            "the exchange on the timeline", TimeSpan.FromSeconds(20));
        await using var browser = await LabBrowser.LaunchAsync(lab.Network.ClientNamespace);
        var page = await browser.NewPageAsync(javaScript: false);

        await page.GotoAsync(lab.Url + "/ui/");
        await Expect(page.Locator($"#machines tr[data-mac=\"{PageLab.Known}\"]")).ToContainTextAsync(lab.Network.ClientAddress);
        await Expect(page.Locator("#live")).ToContainTextAsync("off");
        await Expect(page.Locator("#mode")).ToContainTextAsync("Read-only");
        Assert.False(await page.Locator("#token-form").IsVisibleAsync());
        await LabBrowser.ScreenshotAsync(page, "no-javascript-machines", output);

        await page.ClickAsync($"a[href=\"/ui/machines/{Uri.EscapeDataString(PageLab.Known)}\"]");
        await Expect(page.Locator("#steps")).ToContainTextAsync("DhcpAnswer");
        await Expect(page.Locator("#assignment")).ToContainTextAsync("pxehost.yaml line");
        Assert.False(await page.Locator("#changes").IsVisibleAsync());

        await page.GotoAsync(lab.Url + "/ui/plan");
        await Expect(page.Locator("#profiles")).ToContainTextAsync("Alpha Linux");
        await Expect(page.Locator("#profiles")).ToContainTextAsync("beta-vmlinuz");
        await Expect(page.Locator("#plan-machines")).ToContainTextAsync(PageLab.Known);
        Assert.Equal(0, await page.Locator("#refused").CountAsync());
        await LabBrowser.ScreenshotAsync(page, "no-javascript-plan", output);

        // An edit the server refuses: the page names the file and the line.
        var edited = (await File.ReadAllTextAsync(lab.ConfigFile)).Replace("defaults:\n  boot: alpha", "defaults:\n  boot: gamma", StringComparison.Ordinal);
        var line = edited.Split('\n').ToList().FindIndex(l => l == "  boot: gamma") + 1;
        await File.WriteAllTextAsync(lab.ConfigFile, edited);
        await Eventually.TrueAsync(() => lab.GetAsync("/api/v1/plan").GetAwaiter().GetResult().Contains("\"refused\":{", StringComparison.Ordinal),
            "the server refuses the edit", TimeSpan.FromSeconds(20));
        await page.ReloadAsync();
        await Expect(page.Locator("#refused")).ToContainTextAsync($"{lab.ConfigFile}:{line}: defaults.boot");
        await Expect(page.Locator("#profiles")).ToContainTextAsync("Alpha Linux");
        await LabBrowser.ScreenshotAsync(page, "no-javascript-plan-refused", output);
    }

    private static Task<string> ScriptAsync(PageLab lab) => lab.GetAsync($"/boot/{PageLab.Known.Replace(':', '-')}.ipxe?arch=0");
}
