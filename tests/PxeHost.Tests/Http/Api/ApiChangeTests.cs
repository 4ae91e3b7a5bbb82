using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PxeHost.Boot.Plan;
using PxeHost.Events;
using PxeHost.Http.Api;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Http.Api;

/// <summary>State changes through the API with the admin token, seen in what the next boot of the machine gets.</summary>
public sealed class ApiChangeTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_profile_put_changes_the_machines_next_ipxe_script_and_its_delete_gives_the_plans_back()
    {
        await using var server = await ApiHarness.StartAsync();
        Assert.Contains("alpha/vmlinuz", await Script(server, ApiHarness.KnownMac), StringComparison.Ordinal);

        using var put = await server.SendAsync(HttpMethod.Put, $"/api/v1/machines/{ApiHarness.KnownMac}/profile", JsonContent.Create(new ProfileRequest("beta")));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(new AssignmentView(ApiHarness.KnownMac, "beta", false, false), await put.Content.ReadFromJsonAsync<AssignmentView>(Json));
        var script = await Script(server, ApiHarness.KnownMac);
        Assert.Contains("beta/vmlinuz", script, StringComparison.Ordinal);
        Assert.DoesNotContain("alpha/vmlinuz", script, StringComparison.Ordinal);
        Assert.Contains(server.Logs.WithEventId(LogEventIds.Http.ApiChanged), l => l.Message.Contains("127.0.0.1:", StringComparison.Ordinal)
            && l.Message.Contains($"PUT /api/v1/machines/{ApiHarness.KnownMac}/profile: {ApiHarness.KnownMac} boots 'beta'", StringComparison.Ordinal));
        var kept = new MachineAssignments(Path.Combine(server.DataDirectory, MachineAssignments.FileName));
        Assert.Equal("beta", kept.Find(DhcpCaptures.Mac(ApiHarness.KnownMac))!.Profile);
        var plan = await server.Client.GetFromJsonAsync<PlanView>("/api/v1/plan", Json);
        Assert.Equal("alpha", Assert.Single(plan!.Machines).Boot);
        Assert.Equal("beta", Assert.Single(plan.Assignments).Profile);

        using var delete = await server.SendAsync(HttpMethod.Delete, $"/api/v1/machines/{ApiHarness.KnownMac}/profile");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Contains("alpha/vmlinuz", await Script(server, ApiHarness.KnownMac), StringComparison.Ordinal);
        using var again = await server.SendAsync(HttpMethod.Delete, $"/api/v1/machines/{ApiHarness.KnownMac}/profile");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_machine_the_plan_does_not_name_gets_its_assigned_profile()
    {
        await using var server = await ApiHarness.StartAsync();
        const string Stranger = "52:54:00:00:00:77";

        using var put = await server.SendAsync(HttpMethod.Put, $"/api/v1/machines/{Stranger}/profile", JsonContent.Create(new ProfileRequest("beta")));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("beta/vmlinuz", await Script(server, Stranger), StringComparison.Ordinal);
        Assert.Contains("alpha/vmlinuz", await Script(server, "52:54:00:00:00:78"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_profile_is_refused_with_the_plans_names()
    {
        await using var server = await ApiHarness.StartAsync();

        using var put = await server.SendAsync(HttpMethod.Put, $"/api/v1/machines/{ApiHarness.KnownMac}/profile", JsonContent.Create(new ProfileRequest("gamma")));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("no profile or menu 'gamma' in the plan (it has: alpha, beta, disk, main)", (await put.Content.ReadFromJsonAsync<ApiError>(Json))!.Reason);
        Assert.Contains("alpha/vmlinuz", await Script(server, ApiHarness.KnownMac), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, MachineAssignments.FileName)));
    }

    [Fact]
    public async Task Boot_once_boots_the_profile_until_its_kernel_is_fetched_then_the_local_disk()
    {
        await using var server = await ApiHarness.StartAsync();
        var mac = DhcpCaptures.Mac(ApiHarness.KnownMac);

        using var post = await server.SendAsync(HttpMethod.Post, $"/api/v1/machines/{ApiHarness.KnownMac}/boot-once", JsonContent.Create(new ProfileRequest("beta")));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("beta/vmlinuz", await Script(server, ApiHarness.KnownMac), StringComparison.Ordinal);

        // The machine fetches beta's kernel over TFTP: its once is used up, and the next boot is the local disk.
        server.Events.Publish(new TftpTransferEnded
        {
            Mac = mac, ClientIp = IPAddress.Parse("127.0.0.100"), File = "beta/vmlinuz", ClientPort = 2070, Outcome = PxeHost.Tftp.TftpTransferOutcome.Completed,
        });
        await Eventually.TrueAsync(() => !Script(server, ApiHarness.KnownMac).GetAwaiter().GetResult().Contains("beta/vmlinuz", StringComparison.Ordinal), "the once is used");
        Assert.Contains("sanboot", await Script(server, ApiHarness.KnownMac), StringComparison.Ordinal);
        var plan = await server.Client.GetFromJsonAsync<PlanView>("/api/v1/plan", Json);
        Assert.Equal(new AssignmentView(ApiHarness.KnownMac, "beta", true, true), Assert.Single(plan!.Assignments));

        // Marked again: the earlier use is forgotten, and it boots beta once more.
        using var again = await server.SendAsync(HttpMethod.Post, $"/api/v1/machines/{ApiHarness.KnownMac}/boot-once", JsonContent.Create(new ProfileRequest("beta")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("beta/vmlinuz", await Script(server, ApiHarness.KnownMac), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Releasing_a_lease_frees_it()
    {
        await using var server = await ApiHarness.StartAsync();
        Assert.Equal(Protocol.Dhcp.DhcpMessageType.Ack, (await server.LeaseAsync("52:54:00:00:00:42")).MessageType);

        using var release = await server.SendAsync(HttpMethod.Delete, "/api/v1/leases/127.0.0.100");

        Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        var lease = Assert.Single((await server.Client.GetFromJsonAsync<List<LeaseRow>>("/api/v1/leases", Json))!);
        Assert.Equal(("127.0.0.100", "released"), (lease.Address, lease.State));
        using var again = await server.SendAsync(HttpMethod.Delete, "/api/v1/leases/127.0.0.100");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(Protocol.Dhcp.DhcpMessageType.Ack, (await server.LeaseAsync("52:54:00:00:00:43")).MessageType);
        Assert.Contains(server.Logs.WithEventId(LogEventIds.Http.ApiChanged), l => l.Message.Contains("lease on 127.0.0.100 released (52:54:00:00:00:42)", StringComparison.Ordinal));
    }

    private static async Task<string> Script(ApiHarness server, string mac) => await server.Client.GetStringAsync(new Uri($"/boot/{mac}.ipxe", UriKind.Relative));
}
