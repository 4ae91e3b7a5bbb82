using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// API mode: iPXE's script comes from an outside HTTP endpoint (here busybox httpd serving JSON
/// files at v1/boot/MAC); a 404 or a host that never answers (a timeout) falls back to the configured plan, logged.
/// </summary>
public sealed class BootApiTests
{
    [Fact]
    public async Task The_api_decides_and_errors_and_timeouts_fall_back_to_the_plan()
    {
        await using var lab = await BootLab.CreateAsync();
        var site = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "api", "v1", "boot")).FullName;
        await File.WriteAllTextAsync(Path.Combine(site, "52:54:00:00:00:0a"),
            """{"kernel": "http://images.example/vmlinuz", "initrd": ["http://images.example/initrd.img"], "cmdline": "console=ttyS0 from-the-api"}""");
        await lab.StartProgramAsync(null, "busybox", "httpd", "-f", "-p", $"{lab.ServerAddress}:8080", "-h", Path.Combine(lab.WorkDirectory, "api"));
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        var root = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "tftp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "vmlinuz"), "the plan's kernel");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            tftp-root: {{root}}
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            defaults:
              boot: fallback
            profiles:
              fallback:
                kernel: vmlinuz
                cmdline: from-the-plan
            """);

        await using (var server = await StartAsync(lab, config, $"http://{lab.ServerAddress}:8080"))
        {
            var answered = await ScriptAsync(lab, "52-54-00-00-00-0a");
            Assert.Contains("kernel http://images.example/vmlinuz initrd=initrd.img console=ttyS0 from-the-api", answered, StringComparison.Ordinal);
            Assert.Contains("initrd --name initrd.img http://images.example/initrd.img", answered, StringComparison.Ordinal);

            var unknown = await ScriptAsync(lab, "52-54-00-00-00-0b");
            Assert.Contains("from-the-plan", unknown, StringComparison.Ordinal);
            Assert.Contains(server.Lines, l => l.Contains("boot api: 52:54:00:00:00:0b", StringComparison.Ordinal) && l.Contains("HTTP 404; using the configured plan", StringComparison.Ordinal));
        }

        // An API host that is down: no machine has that address, so the connection never completes.
        await using (var server = await StartAsync(lab, config, $"http://{lab.AddressAt(250)}:8080"))
        {
            Assert.Contains("from-the-plan", await ScriptAsync(lab, "52-54-00-00-00-0a"), StringComparison.Ordinal);
            Assert.True(server.Lines.Any(l => l.Contains("no answer within 700 ms; using the configured plan", StringComparison.Ordinal)), string.Join("\n", server.Lines));
        }
    }

    private static Task<PxeHostProcess> StartAsync(BootLab lab, string config, string api) =>
        PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on", "serve", "--config", config,
            "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "200", "--api", api, "--api-timeout", "700");

    private static async Task<string> ScriptAsync(BootLab lab, string mac) =>
        (await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.Namespace, "curl", "-sS", $"http://{lab.ServerAddress}/boot/{mac}.ipxe?arch=0")).Stdout;
}
