using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PxeHost.Events;
using PxeHost.Http.Api;
using PxeHost.Storage;
using PxeHost.Tests.Support;
using PxeHost.Timeline;

namespace PxeHost.Tests.Http.Api;

/// <summary>Every GET route of the API against the whole server: what a real DHCP exchange, the plan and the event stream left there.</summary>
public sealed class ApiReadTests
{
    private const string Client = "52:54:00:00:00:42";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Machines_and_timeline_show_a_machine_after_its_dhcp_exchange()
    {
        await using var server = await ApiHarness.StartAsync();
        await server.LeaseAsync(Client);

        List<MachineRow>? machines = null;
        await Eventually.TrueAsync(() =>
        {
            machines = server.Client.GetFromJsonAsync<List<MachineRow>>("/api/v1/machines", Json).GetAwaiter().GetResult();
            return machines!.Count > 0;
        }, "the timeline records the exchange");
        var row = Assert.Single(machines!);
        Assert.Equal((Client, "127.0.0.100"), (row.Mac, row.Address));

        var report = await server.Client.GetFromJsonAsync<BootReport>($"/api/v1/machines/{Client}/timeline", Json);
        Assert.Equal(Client, report!.Mac);
        Assert.Contains(report.Steps, s => s.Kind == nameof(TimelineStepKind.DhcpAnswer));
        var same = await server.Client.GetFromJsonAsync<BootReport>($"/api/v1/machines/{Client.Replace(':', '-')}/timeline?boot={report.Boot}", Json);
        Assert.Equal(report.Steps.Count, same!.Steps.Count);

        using var missing = await server.Client.GetAsync(new Uri($"/api/v1/machines/{Client}/timeline?boot=999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("boot 999: the boots kept are", (await missing.Content.ReadFromJsonAsync<ApiError>(Json))!.Reason, StringComparison.Ordinal);
        using var bad = await server.Client.GetAsync(new Uri("/api/v1/machines/nonsense/timeline", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_boot_tree_keeps_its_paths_beside_the_api_and_only_its_requests_are_boot_events()
    {
        await using var server = await ApiHarness.StartAsync();
        using var events = server.Events.Subscribe(e => e is HttpRequestEnded);

        Assert.Equal("[]", await server.Client.GetStringAsync(new Uri("/api/v1/machines", UriKind.Relative)));
        Assert.Equal("alpha kernel", await server.Client.GetStringAsync(new Uri("/alpha/vmlinuz", UriKind.Relative)));
        using var missing = await server.Client.GetAsync(new Uri("/api/v2/anything", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var ended = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (ended.Count < 2)
        {
            ended.Add(((HttpRequestEnded)await events.Reader.ReadAsync(deadline.Token)).Path);
        }

        // The file, then the miss in the tree's catch-all; the API's own request is not among them.
        Assert.Equal(["/alpha/vmlinuz", "/api/v2/anything"], ended);
    }

    [Fact]
    public async Task Leases_lists_the_lease_the_server_granted()
    {
        await using var server = await ApiHarness.StartAsync();
        var ack = await server.LeaseAsync(Client);
        Assert.Equal(IPAddress.Parse("127.0.0.100"), ack.YourAddress);

        var leases = await server.Client.GetFromJsonAsync<List<LeaseRow>>("/api/v1/leases", Json);

        var lease = Assert.Single(leases!);
        Assert.Equal(("127.0.0.100", Client, "active"), (lease.Address, lease.Mac, lease.State));
    }

    [Fact]
    public async Task Plan_shows_profiles_menus_machines_and_the_last_refused_edit_with_its_line()
    {
        await using var server = await ApiHarness.StartAsync();

        var plan = await server.Client.GetFromJsonAsync<PlanView>("/api/v1/plan", Json);
        Assert.True(plan!.Loaded);
        Assert.Equal(["alpha", "beta", "disk"], plan.Profiles.Select(p => p.Name));
        Assert.Equal("alpha/vmlinuz", plan.Profiles[0].Kernel);
        Assert.Equal(["alpha", "beta", "disk"], Assert.Single(plan.Menus).Entries);
        var machine = Assert.Single(plan.Machines);
        Assert.Equal((ApiHarness.KnownMac, "alpha", "known"), (machine.Mac, machine.Boot, machine.Hostname));
        Assert.Null(plan.Refused);

        // The watcher reloads the file on its own as well; reloading here makes the refusal certain before the read.
        File.WriteAllText(server.ConfigFile, ApiHarness.Plan.Replace("  boot: alpha\n  loader", "  boot: gamma\n  loader", StringComparison.Ordinal));
        var watcher = (PxeHost.Configuration.ConfigWatcher)server.Services.GetService(typeof(PxeHost.Configuration.ConfigWatcher))!;
        Assert.False(watcher.Reload(server.ConfigFile));

        plan = await server.Client.GetFromJsonAsync<PlanView>("/api/v1/plan", Json);
        var refused = Assert.Single(plan!.Refused!.Errors);
        Assert.StartsWith($"{server.ConfigFile}:20: defaults.boot:", refused, StringComparison.Ordinal);
        Assert.Contains("gamma", refused, StringComparison.Ordinal);
        Assert.Equal(plan.Version, plan.Refused.KeptVersion);
        Assert.Equal("alpha", plan.DefaultBoot);
    }

    [Fact]
    public async Task Transfers_shows_a_transfer_from_its_start_through_its_progress_until_it_ends()
    {
        await using var server = await ApiHarness.StartAsync();
        var mac = DhcpCaptures.Mac(Client);
        var ip = IPAddress.Parse("127.0.0.100");

        server.Events.Publish(new TftpTransferStarted { Mac = mac, ClientIp = ip, File = "alpha/vmlinuz", ClientPort = 2070, Mode = "octet" });
        server.Events.Publish(new TftpTransferProgress { Mac = mac, ClientIp = ip, File = "alpha/vmlinuz", ClientPort = 2070, Bytes = 4096, Size = 10000 });
        List<TransferView>? transfers = null;
        await Eventually.TrueAsync(() =>
        {
            transfers = server.Client.GetFromJsonAsync<List<TransferView>>("/api/v1/transfers", Json).GetAwaiter().GetResult();
            return transfers!.Count == 1 && transfers[0].Bytes == 4096;
        }, "the transfer's progress is shown");
        var transfer = transfers![0];
        Assert.Equal(("tftp", "alpha/vmlinuz", Client, "127.0.0.100", 10000L), (transfer.Protocol, transfer.File, transfer.Mac, transfer.ClientIp, transfer.Size!.Value));

        server.Events.Publish(new TftpTransferEnded { Mac = mac, ClientIp = ip, File = "alpha/vmlinuz", ClientPort = 2070, Outcome = PxeHost.Tftp.TftpTransferOutcome.Completed });
        await Eventually.TrueAsync(
            () => server.Client.GetFromJsonAsync<List<TransferView>>("/api/v1/transfers", Json).GetAwaiter().GetResult()!.Count == 0, "the ended transfer is gone");
    }

    [Fact]
    public async Task Events_streams_the_named_machines_events_only_as_server_sent_events()
    {
        await using var server = await ApiHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/events?mac={Client}", UriKind.Relative));
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Subscribed before the headers went out: both are published after, only the second is this machine's.
        var ip = IPAddress.Parse("127.0.0.100");
        server.Events.Publish(new TftpTransferStarted { Mac = DhcpCaptures.Mac("52:54:00:00:00:99"), ClientIp = ip, File = "other", ClientPort = 1, Mode = "octet" });
        server.Events.Publish(new TftpTransferStarted { Mac = DhcpCaptures.Mac(Client), ClientIp = ip, File = "alpha/vmlinuz", ClientPort = 2, Mode = "octet" });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var lines = new List<string>();
        string? data = null;
        while (data is null && await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            lines.Add(line);
            data = line.StartsWith("data: ", StringComparison.Ordinal) ? line["data: ".Length..] : null;
        }

        Assert.Equal("event: TftpTransferStarted", lines[^2]);
        var view = JsonSerializer.Deserialize<BootEventView>(data!, Json)!;
        Assert.Equal(("TftpTransferStarted", Client, "alpha/vmlinuz", "127.0.0.100"), (view.Type, view.Mac, view.File, view.ClientIp));
        Assert.Equal(nameof(TimelineStepKind.TftpStarted), view.Step);
    }
}
