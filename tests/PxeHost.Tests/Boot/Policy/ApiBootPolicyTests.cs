using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Boot.Policy;

/// <summary>
/// API mode decides every side of a boot for the machines the API answers for — the DHCP boot file
/// (iPXE first), then the script — and hands every other machine to the policy it wraps, on the DHCP
/// side too. The API is a real HTTP endpoint on loopback.
/// </summary>
public sealed class ApiBootPolicyTests
{
    private static readonly IPAddress Server = IPAddress.Parse("10.0.0.1");
    private static readonly BootOptions Fallback = new() { BiosBootFile = "pxelinux.0", UefiBootFile = "efi64/syslinux.efi" };

    private static BootClient Client(string mac, FirmwareStage stage, ClientArchitecture architecture = ClientArchitecture.IntelX86Bios) =>
        new(DhcpCaptures.Mac(mac), null, architecture, stage, null);

    [Fact]
    public async Task A_machine_the_api_answers_for_runs_ipxe_from_dhcp_on()
    {
        await using var api = await Api.StartAsync();
        var policy = Policy(api);
        var firmware = Client("52:54:00:00:00:0a", FirmwareStage.Firmware);

        await policy.PrepareAsync(firmware, CancellationToken.None);

        Assert.Equal("undionly.kpxe", policy.Decide(firmware, Server).BootFile);
        Assert.Equal("snponly.efi", policy.Decide(firmware with { Architecture = ClientArchitecture.EfiX64 }, Server).BootFile);
        Assert.Equal("http://10.0.0.1/boot/52-54-00-00-00-0a.ipxe?arch=0", policy.Decide(firmware with { Stage = FirmwareStage.Ipxe }, Server).BootFile);
        var script = await policy.IpxeScriptAsync(firmware with { Stage = FirmwareStage.Ipxe }, Server, null, CancellationToken.None);
        Assert.Contains("kernel http://images.example/vmlinuz initrd=initrd.img console=ttyS0 from-the-api", script, StringComparison.Ordinal);
        // Once for DHCP, once more for the script, which always asks so that a changed answer applies.
        Assert.Equal(2, api.Asked("52:54:00:00:00:0a"));
    }

    [Fact]
    public async Task A_machine_the_api_does_not_know_gets_the_wrapped_policy_in_dhcp_and_script()
    {
        await using var api = await Api.StartAsync();
        var policy = Policy(api);
        var stranger = Client("52:54:00:00:00:0b", FirmwareStage.Firmware);

        await policy.PrepareAsync(stranger, CancellationToken.None);

        Assert.Equal("pxelinux.0", policy.Decide(stranger, Server).BootFile);
        Assert.Equal("efi64/syslinux.efi", policy.Decide(stranger with { Architecture = ClientArchitecture.EfiX64 }, Server).BootFile);
        var script = await policy.IpxeScriptAsync(stranger with { Stage = FirmwareStage.Ipxe }, Server, null, CancellationToken.None);
        Assert.Contains("nothing to boot for 52-54-00-00-00-0b", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dhcp_path_never_waits_and_one_boot_asks_once()
    {
        await using var api = await Api.StartAsync();
        var policy = Policy(api);
        var firmware = Client("52:54:00:00:00:0a", FirmwareStage.Firmware);

        // Not prepared: the decision is made at once from what the policy holds (the fallback).
        Assert.Equal("pxelinux.0", policy.Decide(firmware, Server).BootFile);
        Assert.Equal(0, api.Asked("52:54:00:00:00:0a"));

        await policy.PrepareAsync(firmware, CancellationToken.None);
        await policy.PrepareAsync(firmware with { Stage = FirmwareStage.Ipxe }, CancellationToken.None);
        Assert.Equal(1, api.Asked("52:54:00:00:00:0a"));
    }

    /// <summary>
    /// iPXE has no quoting: a word <c>;</c>, <c>||</c>, <c>&amp;&amp;</c> or <c>#…</c> on the kernel line ends the
    /// command and runs the rest as commands of their own (core/exec.c), and a line break starts a new one.
    /// Such an answer, and one whose URLs are not URLs, is refused: the machine gets the plan, and the log says why.
    /// </summary>
    [Theory]
    [InlineData("52:54:00:00:00:c1", "';' as a word")]
    [InlineData("52:54:00:00:00:c2", "'||'")]
    [InlineData("52:54:00:00:00:c3", "'&&'")]
    [InlineData("52:54:00:00:00:c4", "starting with '#'")]
    [InlineData("52:54:00:00:00:c5", "line break")]
    [InlineData("52:54:00:00:00:c6", "initrd[0] is null")]
    [InlineData("52:54:00:00:00:c7", "contains whitespace")]
    [InlineData("52:54:00:00:00:c8", "is not an absolute http, https or tftp URL")]
    public async Task A_bad_answer_falls_back_to_the_plan_and_the_log_says_why(string mac, string reason)
    {
        await using var api = await Api.StartAsync();
        using var logs = new CapturingLoggerProvider();
        var policy = Policy(api, logs.CreateLogger("api"));
        var firmware = Client(mac, FirmwareStage.Firmware);

        await policy.PrepareAsync(firmware, CancellationToken.None);
        var script = await policy.IpxeScriptAsync(firmware with { Stage = FirmwareStage.Ipxe }, Server, null, CancellationToken.None);

        Assert.Equal("pxelinux.0", policy.Decide(firmware, Server).BootFile);
        Assert.Contains($"nothing to boot for {mac.Replace(':', '-')}", script, StringComparison.Ordinal);
        Assert.DoesNotContain("reboot", script, StringComparison.Ordinal);
        var fellBack = logs.WithEventId(5201).Select(l => l.Message).ToList();
        Assert.NotEmpty(fellBack);
        Assert.All(fellBack, m => Assert.Contains(reason, m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Separators_inside_a_word_and_ipxe_settings_reach_the_kernel_line_as_they_are()
    {
        await using var api = await Api.StartAsync();
        var policy = Policy(api);
        var ipxe = Client("52:54:00:00:00:c9", FirmwareStage.Ipxe);

        var script = await policy.IpxeScriptAsync(ipxe, Server, null, CancellationToken.None);

        Assert.Contains("kernel http://images.example/vmlinuz initrd=initrd.img ds=nocloud;s=http://10.0.0.1/ a||b ip=${ip} || goto pxehost.failed", script, StringComparison.Ordinal);
    }

    private static ApiBootPolicy Policy(Api api, ILogger? logger = null)
    {
        var urls = new BootUrls(80);
        var client = new BootApi(api.Address, TimeSpan.FromSeconds(5), api.Client, logger ?? NullLogger.Instance);
        return new ApiBootPolicy(client, TestPolicies.Flags(Fallback), urls, TimeProvider.System);
    }

    /// <summary>A boot API on 127.0.0.1: one machine answered, every other one 404; counts the asks per MAC.</summary>
    private sealed class Api : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Dictionary<string, int> _asked = [];

        private Api(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public HttpClient Client { get; } = new();

        public int Asked(string mac)
        {
            lock (_asked)
            {
                return _asked.GetValueOrDefault(mac);
            }
        }

        public static async Task<Api> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var api = new Api(app);
            app.MapGet("/v1/boot/{mac}", (string mac) =>
            {
                lock (api._asked)
                {
                    api._asked[mac] = api._asked.GetValueOrDefault(mac) + 1;
                }

                const string Kernel = "http://images.example/vmlinuz";
                string[] initrd = ["http://images.example/initrd.img"];
                return mac switch
                {
                    "52:54:00:00:00:0a" => Results.Json(new { kernel = Kernel, initrd, cmdline = "console=ttyS0 from-the-api" }),
                    "52:54:00:00:00:c1" => Results.Json(new { kernel = Kernel, initrd, cmdline = "console=ttyS0 ; reboot" }),
                    "52:54:00:00:00:c2" => Results.Json(new { kernel = Kernel, initrd, cmdline = "quiet || reboot" }),
                    "52:54:00:00:00:c3" => Results.Json(new { kernel = Kernel, initrd, cmdline = "quiet && reboot" }),
                    "52:54:00:00:00:c4" => Results.Json(new { kernel = Kernel, initrd, cmdline = "quiet #reboot" }),
                    "52:54:00:00:00:c5" => Results.Json(new { kernel = Kernel, initrd, cmdline = "quiet\nreboot" }),
                    "52:54:00:00:00:c6" => Results.Json(new { kernel = Kernel, initrd = new string?[] { null }, cmdline = "quiet" }),
                    "52:54:00:00:00:c7" => Results.Json(new { kernel = "http://images.example/vm linuz", initrd, cmdline = "quiet" }),
                    "52:54:00:00:00:c8" => Results.Json(new { kernel = "vmlinuz", initrd, cmdline = "quiet" }),
                    "52:54:00:00:00:c9" => Results.Json(new { kernel = Kernel, initrd, cmdline = "ds=nocloud;s=http://10.0.0.1/ a||b ip=${ip}" }),
                    _ => Results.NotFound(),
                };
            });
            await app.StartAsync();
            api.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
            return api;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
