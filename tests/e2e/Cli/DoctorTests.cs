using System.Globalization;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// <c>pxehost doctor</c> in network namespaces the tests create: a clean setup exits 0; another DHCP
/// server on the segment blocks full DHCP (and is what proxyDHCP needs); one on this machine holding
/// port 67 blocks, named with its pid; a missing interface blocks;
/// a bridge running STP with a 15 s forward delay warns. Every check reads the namespace doctor runs in.
/// </summary>
public sealed class DoctorTests
{
    [Fact]
    public async Task A_clean_setup_exits_0_and_another_dhcp_server_blocks_full_dhcp_but_not_proxy()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var root = Root();
        try
        {
            var clean = await DoctorAsync(lab.ServerNamespace, root, "--interface", "veth0", "--dhcp-range", "10.77.0.100-10.77.0.150");
            Assert.True(clean.ExitCode == 0, clean.Output);
            Assert.DoesNotContain("BLOCKS", clean.Stdout, StringComparison.Ordinal);
            Assert.Contains("ok     interface veth0 is up with 10.77.0.1/24", clean.Stdout, StringComparison.Ordinal);
            Assert.Contains("ok     no other DHCP server answered on veth0", clean.Stdout, StringComparison.Ordinal);

            var lonelyProxy = await DoctorAsync(lab.ServerNamespace, root, "--interface", "veth0", "--proxy");
            Assert.True(lonelyProxy.ExitCode == 0, lonelyProxy.Output);
            Assert.Contains("warn   no DHCP server answered on veth0 within 1 s → proxyDHCP needs a DHCP server on the segment", lonelyProxy.Stdout, StringComparison.Ordinal);

            await using var dnsmasq = NamespacedProgram.Start(lab.ClientNamespace, "dnsmasq", "--no-daemon", "--port=0", "--interface=veth1",
                "--bind-interfaces", "--dhcp-range=10.77.0.50,10.77.0.90,255.255.255.0", $"--dhcp-leasefile={root}/dnsmasq.leases");
            await dnsmasq.WaitForLineAsync("DHCP, IP range 10.77.0.50", TimeSpan.FromSeconds(20));

            var rogue = await DoctorAsync(lab.ServerNamespace, root, "--interface", "veth0", "--dhcp-range", "10.77.0.100-10.77.0.150", "--probe-timeout", "4000");
            Assert.Equal(1, rogue.ExitCode);
            Assert.Contains("BLOCKS another DHCP server answers on veth0: 10.77.0.2 (offered 10.77.0.", rogue.Stdout, StringComparison.Ordinal);
            Assert.Contains("→ use --proxy", rogue.Stdout, StringComparison.Ordinal);

            var proxy = await DoctorAsync(lab.ServerNamespace, root, "--interface", "veth0", "--proxy", "--probe-timeout", "4000");
            Assert.True(proxy.ExitCode == 0, proxy.Output);
            Assert.Contains("ok     DHCP server on veth0 for proxyDHCP to stand beside: 10.77.0.2", proxy.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_dhcp_server_on_this_machine_holding_port_67_blocks_named_with_its_pid()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var root = Root();
        try
        {
            // ip netns exec executes dnsmasq in its own process: the pid started is dnsmasq's.
            await using var dnsmasq = NamespacedProgram.Start(lab.ServerNamespace, "dnsmasq", "--no-daemon", "--port=0", "--interface=veth0",
                "--bind-interfaces", "--dhcp-range=10.77.0.50,10.77.0.90,255.255.255.0", $"--dhcp-leasefile={root}/dnsmasq.leases");
            await dnsmasq.WaitForLineAsync("DHCP, IP range 10.77.0.50", TimeSpan.FromSeconds(20));

            var held = await DoctorAsync(lab.ServerNamespace, root, "--interface", "veth0", "--proxy", "--json");

            Assert.Equal(1, held.ExitCode);
            using var json = System.Text.Json.JsonDocument.Parse(held.Stdout);
            var finding = Assert.Single(json.RootElement.EnumerateArray(), f => f.GetProperty("what").GetString()!.StartsWith("UDP port 67", StringComparison.Ordinal));
            Assert.Equal("blocks", finding.GetProperty("severity").GetString());
            Assert.Equal($"UDP port 67 (DHCP) is held by dnsmasq (pid {dnsmasq.ProcessId})", finding.GetProperty("what").GetString());
            Assert.StartsWith("stop dnsmasq", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_bridge_with_a_long_stp_forward_delay_warns_and_a_missing_interface_blocks()
    {
        var ns = "pxhd" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var root = Root();
        try
        {
            await ChildProgram.RunCheckedAsync("ip", "netns", "add", ns);
            await ChildProgram.RunCheckedAsync("ip", "-n", ns, "link", "add", "br0", "type", "bridge", "stp_state", "1", "forward_delay", "1500");
            await ChildProgram.RunCheckedAsync("ip", "-n", ns, "addr", "add", "10.79.0.1/24", "dev", "br0");
            await ChildProgram.RunCheckedAsync("ip", "-n", ns, "link", "set", "br0", "up");

            var bridged = await DoctorAsync(ns, root, "--interface", "br0", "--dhcp-range", "10.79.0.100-10.79.0.150");
            Assert.True(bridged.ExitCode == 0, bridged.Output);
            Assert.Contains("warn   bridge br0 runs STP with a forward delay of 15 s: a new port forwards only after 30 s, and PXE firmware times out before that"
                + " → ip link set br0 type bridge stp_state 0", bridged.Stdout, StringComparison.Ordinal);
            // A bridge without ports has no carrier: nothing could answer a probe, so doctor does not claim none would.
            Assert.Contains("warn   could not look for other DHCP servers on br0: it has no carrier", bridged.Stdout, StringComparison.Ordinal);

            await ChildProgram.RunCheckedAsync("ip", "-n", ns, "link", "set", "br0", "type", "bridge", "stp_state", "0");
            var fixedBridge = await DoctorAsync(ns, root, "--interface", "br0", "--dhcp-range", "10.79.0.100-10.79.0.150");
            Assert.Contains("ok     bridge br0: STP off, forward delay 15 s", fixedBridge.Stdout, StringComparison.Ordinal);

            var missing = await DoctorAsync(ns, root, "--interface", "eth9");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("BLOCKS interface eth9 does not exist (this machine has: ", missing.Stdout, StringComparison.Ordinal);
            Assert.Contains("br0 10.79.0.1/24", missing.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await ChildProgram.RunAsync("ip", ["netns", "delete", ns]);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A TFTP root holding iPXE's two boot files, so the check does not depend on the ipxe package.</summary>
    private static string Root()
    {
        var root = ServedFolder.Create("pxehost-doctor-");
        File.WriteAllText(Path.Combine(root, "undionly.kpxe"), "iPXE for BIOS");
        File.WriteAllText(Path.Combine(root, "snponly.efi"), "iPXE for UEFI");
        ServedFolder.OpenToAll(root);
        return root;
    }

    private static Task<ChildProgram.Result> DoctorAsync(string ns, string root, params string[] arguments) =>
        PxeHostProcess.RunAsync(ns, ["doctor", "--tftp-root", root, "--http-port", "8080", .. arguments.Contains("--probe-timeout") ? arguments : [.. arguments, "--probe-timeout", "1000"]]);
}
