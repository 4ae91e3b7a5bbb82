using PxeHost.E2E.Tests.Support;
using PxeHost.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>A machine marked "once" gets its plan one time (an installer), then the local disk — across restarts.</summary>
public sealed class BootOnceTests
{
    [Fact]
    public async Task A_once_machine_gets_its_plan_then_the_local_disk_even_after_a_restart()
    {
        await using var lab = await BootLab.CreateAsync();
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        var data = Path.Combine(lab.WorkDirectory, "data");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            profiles:
              installer:
                kernel: vmlinuz
                cmdline: m-install-once
            machines:
              - mac: 52:54:00:00:00:31
                boot: installer
                once: true
              - mac: 52:54:00:00:00:32
                boot: installer
            """);
        string[] serve = ["serve", "--config", config, "--data-dir", data, "--probe-timeout", "200"];
        await using (var server = await PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on", serve))
        {
            Assert.Contains("m-install-once", await ScriptAsync(lab, "52-54-00-00-00-31"), StringComparison.Ordinal);
            Assert.DoesNotContain("m-install-once", await ScriptAsync(lab, "52-54-00-00-00-31"), StringComparison.Ordinal);

            // A machine without "once" keeps its plan.
            Assert.Contains("m-install-once", await ScriptAsync(lab, "52-54-00-00-00-32"), StringComparison.Ordinal);
            Assert.Contains("m-install-once", await ScriptAsync(lab, "52-54-00-00-00-32"), StringComparison.Ordinal);
        }

        Assert.Equal("52:54:00:00:00:31\n", await File.ReadAllTextAsync(Path.Combine(data, "boot-once.txt")));
        await using (var restarted = await PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on", serve))
        {
            var script = await ScriptAsync(lab, "52-54-00-00-00-31");
            Assert.DoesNotContain("m-install-once", script, StringComparison.Ordinal);
            Assert.Contains("sanboot --no-describe --drive 0x80", script, StringComparison.Ordinal);
        }
    }

    private static async Task<string> ScriptAsync(BootLab lab, string mac) =>
        (await ExternalProgram.RunCheckedAsync("ip", "netns", "exec", lab.Namespace, "curl", "-sS", $"http://{lab.ServerAddress}/boot/{mac}.ipxe?arch=0")).Stdout;
}
