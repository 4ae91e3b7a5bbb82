using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// A machine marked "once" gets its plan until it fetches the kernel of that plan (an installer runs
/// once), then the local disk — across restarts, until its line is removed from the record. The
/// machine is a peer on the lab bridge with the machine's MAC: it takes its address from PxeHost with
/// busybox udhcpc, so the server can tell whose HTTP requests these are.
/// </summary>
public sealed partial class BootOnceTests
{
    [Fact]
    public async Task A_once_machine_keeps_its_plan_until_it_fetches_the_kernel_then_boots_the_local_disk_even_after_a_restart()
    {
        await using var lab = await BootLab.CreateAsync();
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        var data = Path.Combine(lab.WorkDirectory, "data");
        var root = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "tftp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "vmlinuz"), "a kernel");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            tftp-root: {{root}}
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
        var record = Path.Combine(data, "boot-once.txt");
        await using (var server = await PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on", serve))
        {
            var machine = await MachineAsync(lab, "52:54:00:00:00:31");

            // Reading its script (twice) and asking for the kernel's size (HEAD) use nothing up.
            Assert.Contains("m-install-once", await machine.GetAsync("/boot/52-54-00-00-00-31.ipxe?arch=0"), StringComparison.Ordinal);
            Assert.Contains("m-install-once", await machine.GetAsync("/boot/52-54-00-00-00-31.ipxe?arch=0"), StringComparison.Ordinal);
            await machine.CurlAsync("-sS", "-I", $"http://{lab.ServerAddress}/vmlinuz");
            Assert.Contains("m-install-once", await machine.GetAsync("/boot/52-54-00-00-00-31.ipxe?arch=0"), StringComparison.Ordinal);
            Assert.False(File.Exists(record));

            // Fetching the kernel does.
            Assert.Equal("a kernel", await machine.GetAsync("/vmlinuz"));
            await server.WaitForLineAsync("boot once: 52:54:00:00:00:31 fetched /vmlinuz", TimeSpan.FromSeconds(10));
            Assert.Equal("52:54:00:00:00:31\n", await File.ReadAllTextAsync(record));
            var after = await machine.GetAsync("/boot/52-54-00-00-00-31.ipxe?arch=0");
            Assert.DoesNotContain("m-install-once", after, StringComparison.Ordinal);
            Assert.Contains("sanboot --no-describe --drive 0x80", after, StringComparison.Ordinal);
        }

        await using (var restarted = await PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on", serve))
        {
            Assert.DoesNotContain("m-install-once", await ScriptAsync(lab, "52-54-00-00-00-31"), StringComparison.Ordinal);

            // Removing the line from the record boots the plan again, without a restart.
            await File.WriteAllTextAsync(record, string.Empty);
            Assert.Contains("m-install-once", await ScriptAsync(lab, "52-54-00-00-00-31"), StringComparison.Ordinal);

            // A machine without "once" keeps its plan.
            Assert.Contains("m-install-once", await ScriptAsync(lab, "52-54-00-00-00-32"), StringComparison.Ordinal);
        }
    }

    /// <summary>A peer with the machine's MAC and the address PxeHost leased it.</summary>
    private static async Task<Machine> MachineAsync(BootLab lab, string mac)
    {
        var peer = await lab.AddPeerHostAsync(20);
        await ChildProgram.RunCheckedAsync("ip", "-n", peer.Namespace, "link", "set", peer.Interface, "down");
        await ChildProgram.RunCheckedAsync("ip", "-n", peer.Namespace, "link", "set", peer.Interface, "address", mac);
        await ChildProgram.RunCheckedAsync("ip", "-n", peer.Namespace, "link", "set", peer.Interface, "up");
        var dhcp = await ChildProgram.RunCheckedAsync("ip", "netns", "exec", peer.Namespace,
            "busybox", "udhcpc", "-i", peer.Interface, "-f", "-n", "-q", "-s", "/bin/true", "-V", "PXEClient:Arch:00000:UNDI:002001");
        var leased = LeaseObtained().Match(dhcp.Stdout + dhcp.Stderr);
        Assert.True(leased.Success, "udhcpc got no lease: " + dhcp.Stdout + dhcp.Stderr);
        var address = leased.Groups[1].Value;
        await ChildProgram.RunCheckedAsync("ip", "-n", peer.Namespace, "addr", "add", $"{address}/{lab.Prefix}", "dev", peer.Interface);
        return new Machine(peer.Namespace, address, lab.ServerAddress.ToString());
    }

    private static async Task<string> ScriptAsync(BootLab lab, string mac) =>
        (await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.Namespace, "curl", "-sS", $"http://{lab.ServerAddress}/boot/{mac}.ipxe?arch=0")).Stdout;

    [GeneratedRegex(@"lease of (\d+\.\d+\.\d+\.\d+) obtained")]
    private static partial Regex LeaseObtained();

    /// <summary>HTTP requests from the machine's leased address, so the server can tie them to its MAC.</summary>
    private sealed record Machine(string Namespace, string Address, string Server)
    {
        public async Task<string> GetAsync(string path) => (await CurlAsync("-sS", $"http://{Server}{path}")).Stdout;

        public Task<ChildProgram.Result> CurlAsync(params string[] arguments) =>
            ChildProgram.RunCheckedAsync("ip", ["netns", "exec", Namespace, "curl", "--interface", Address, .. arguments]);
    }
}
