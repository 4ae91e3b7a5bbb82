using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PxeHost.Configuration;
using PxeHost.Events;
using PxeHost.Http.Ui;
using PxeHost.Tests.Http.Api;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Http.Ui;

/// <summary>
/// The pages under /ui/ against the whole server (<see cref="ApiHarness"/>): each shows what a real DHCP
/// exchange, a TFTP request, the event stream and the plan left there, as HTML that reads without any
/// script, with every client-controlled value escaped; and the boot tree keeps its paths beside them.
/// </summary>
public sealed class UiPageTests
{
    private const string Client = "52:54:00:00:00:42";

    /// <summary>A TFTP file name a client may send: RFC 1350 allows any netascii string, markup included.</summary>
    private const string HostileFile = "<script>alert(1)</script>\"'&.efi";

    [Fact]
    public async Task The_machines_page_lists_a_machine_after_its_dhcp_exchange_and_links_to_its_timeline()
    {
        await using var server = await ApiHarness.StartAsync();
        Assert.Contains("No machine has booted yet.", await PageAsync(server, "/ui/"), StringComparison.Ordinal);
        await server.LeaseAsync(Client);

        var html = string.Empty;
        await Eventually.TrueAsync(() => (html = PageAsync(server, "/ui/").GetAwaiter().GetResult()).Contains($"data-mac=\"{Client}\"", StringComparison.Ordinal),
            "the machine's row on the page");
        Assert.Contains($"<a href=\"/ui/machines/{Uri.EscapeDataString(Client)}\">{Client}</a>", html, StringComparison.Ordinal);
        Assert.Contains("<td>127.0.0.100</td>", html, StringComparison.Ordinal);

        var machine = await PageAsync(server, $"/ui/machines/{Client}");
        Assert.Contains("<h1>Machine 52:54:00:00:00:42</h1>", machine, StringComparison.Ordinal);
        Assert.Contains("<td>DhcpAnswer</td>", machine, StringComparison.Ordinal);
        Assert.Contains("The plan&#x27;s default: &#x27;alpha&#x27;.", machine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leases_page_lists_the_lease_with_a_release_control_hidden_until_the_token_is_given()
    {
        await using var server = await ApiHarness.StartAsync();
        await server.LeaseAsync(Client);

        var html = await PageAsync(server, "/ui/leases");

        Assert.Contains($"<tr data-address=\"127.0.0.100\"><td>127.0.0.100</td><td>{Client}</td><td>active</td>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"button\" class=\"release\" data-admin hidden data-address=\"127.0.0.100\">Release</button>", html, StringComparison.Ordinal);
        Assert.Contains("<p id=\"mode\">Read-only", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_tftp_file_name_is_shown_escaped_on_the_machine_page()
    {
        await using var server = await ApiHarness.StartAsync();
        await server.LeaseAsync(Client);
        using var tftp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        tftp.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.100"), 0));
        var listener = await server.Services.GetService<TftpServer>()!.Listening;
        var request = Encoding.UTF8.GetBytes($"\0\u0001{HostileFile}\0octet\0");
        await tftp.SendToAsync(request, new IPEndPoint(IPAddress.Loopback, listener.Port));

        var html = string.Empty;
        await Eventually.TrueAsync(() => (html = PageAsync(server, $"/ui/machines/{Client}").GetAwaiter().GetResult()).Contains("TFTP &lt;script&gt;", StringComparison.Ordinal),
            "the request on the machine's timeline");

        Assert.Contains("TFTP &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;.efi", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_value_of_every_page_is_escaped_whatever_the_client_sent()
    {
        const string Evil = "<img src=x onerror=alert(1)>";
        var machines = MachinesPage.Render(
            [new PxeHost.Timeline.MachineRow(Evil, 1, Evil, Evil, Evil, Evil, Evil, Evil + "\"", Evil)],
            [new PxeHost.Http.Api.TransferView("tftp", Evil, Evil, Evil, 10, 20, DateTimeOffset.UnixEpoch)]);
        var leases = LeasesPage.Render([new PxeHost.Storage.LeaseRow(Evil, Evil, Evil, Evil, Evil, Evil)]);

        foreach (var html in new[] { machines, leases })
        {
            Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        }

        // A verdict kind becomes a class name: letters and digits only, so it cannot end the attribute.
        Assert.Contains("<tr class=\"verdict-imgsrcxonerroralert1\"", machines, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_machine_page_shows_a_transfer_in_progress_with_its_progress()
    {
        await using var server = await ApiHarness.StartAsync();
        var mac = DhcpCaptures.Mac(Client);
        var ip = IPAddress.Parse("127.0.0.100");
        server.Events.Publish(new TftpTransferStarted { Mac = mac, ClientIp = ip, File = "alpha/vmlinuz", ClientPort = 2070, Mode = "octet" });
        server.Events.Publish(new TftpTransferProgress { Mac = mac, ClientIp = ip, File = "alpha/vmlinuz", ClientPort = 2070, Bytes = 4096, Size = 10000 });

        var html = string.Empty;
        await Eventually.TrueAsync(() => (html = PageAsync(server, $"/ui/machines/{Client}").GetAwaiter().GetResult()).Contains("4096 / 10000 bytes", StringComparison.Ordinal),
            "the transfer's progress on the page");
        Assert.Contains("<progress max=\"10000\" value=\"4096\"></progress>", html, StringComparison.Ordinal);
        Assert.Contains("4096 / 10000 bytes", await PageAsync(server, "/ui/"), StringComparison.Ordinal);
        Assert.DoesNotContain("4096 / 10000 bytes", await PageAsync(server, "/ui/machines/52:54:00:00:00:43"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_page_shows_profiles_menus_machines_and_the_refused_edits_file_and_line()
    {
        await using var server = await ApiHarness.StartAsync();
        var html = await PageAsync(server, "/ui/plan");
        Assert.Contains("<td>alpha</td><td>Alpha Linux</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>main</td><td>Choose</td><td>alpha, beta, disk</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{ApiHarness.KnownMac}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"refused\"", html, StringComparison.Ordinal);

        File.WriteAllText(server.ConfigFile, ApiHarness.Plan.Replace("  boot: alpha\n  loader", "  boot: gamma\n  loader", StringComparison.Ordinal));
        Assert.False(server.Services.GetService<ConfigWatcher>()!.Reload(server.ConfigFile));

        html = await PageAsync(server, "/ui/plan");
        Assert.Contains("id=\"refused\"", html, StringComparison.Ordinal);
        Assert.Contains($"<li>{server.ConfigFile}:20: defaults.boot:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_do_not_shadow_the_boot_tree_and_are_no_boot_events()
    {
        await using var server = await ApiHarness.StartAsync();
        var root = Path.Combine(server.Folder, "root");
        Directory.CreateDirectory(Path.Combine(root, "ui"));
        File.WriteAllText(Path.Combine(root, "ui", "readme.txt"), "a file of the tree");
        File.WriteAllText(Path.Combine(root, "uiboot.efi"), "another");
        using var events = server.Events.Subscribe(e => e is HttpRequestEnded);

        Assert.Contains("<h1>Machines</h1>", await PageAsync(server, "/ui"), StringComparison.Ordinal);
        using (var home = await server.Client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Contains("<h1>Machines</h1>", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("/ui/", home.RequestMessage!.RequestUri!.AbsolutePath);
        }

        Assert.Contains("<h1>Plan</h1>", await PageAsync(server, "/ui/plan"), StringComparison.Ordinal);
        Assert.Contains("<h1>Images</h1>", await PageAsync(server, "/ui/images"), StringComparison.Ordinal);
        Assert.Equal("a file of the tree", await server.Client.GetStringAsync(new Uri("/ui/readme.txt", UriKind.Relative)));
        Assert.Equal("another", await server.Client.GetStringAsync(new Uri("/uiboot.efi", UriKind.Relative)));
        Assert.Equal("alpha kernel", await server.Client.GetStringAsync(new Uri("/alpha/vmlinuz", UriKind.Relative)));
        Assert.Contains("#!ipxe", await server.Client.GetStringAsync(new Uri($"/boot/{Client.Replace(':', '-')}.ipxe", UriKind.Relative)), StringComparison.Ordinal);

        var ended = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (ended.Count < 4)
        {
            ended.Add(((HttpRequestEnded)await events.Reader.ReadAsync(deadline.Token)).Path);
        }

        Assert.Equal(["/ui/readme.txt", "/uiboot.efi", "/alpha/vmlinuz", $"/boot/{Client.Replace(':', '-')}.ipxe"], ended);
    }

    [Fact]
    public async Task The_pages_come_with_a_content_security_policy_and_the_assets_from_the_assembly()
    {
        await using var server = await ApiHarness.StartAsync();
        using var page = await server.Client.GetAsync(new Uri("/ui/leases", UriKind.Relative));
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Equal(UiEndpoints.ContentSecurityPolicy, string.Join(", ", page.Headers.GetValues("Content-Security-Policy")));

        using var script = await server.Client.GetAsync(new Uri("/ui/page.js", UriKind.Relative));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        var text = await script.Content.ReadAsStringAsync();
        Assert.Contains("new EventSource('/api/v1/events'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
        Assert.Contains("[hidden]", await server.Client.GetStringAsync(new Uri("/ui/page.css", UriKind.Relative)), StringComparison.Ordinal);

        // No inline script or handler the policy would block: the page's only script is the file.
        var html = await page.Content.ReadAsStringAsync();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
        Assert.DoesNotMatch(" on[a-z]+=", html);

        using var notAMac = await server.Client.GetAsync(new Uri("/ui/machines/nonsense", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notAMac.StatusCode);
    }

    private static async Task<string> PageAsync(ApiHarness server, string path)
    {
        using var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
