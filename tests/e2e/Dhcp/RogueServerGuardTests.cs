using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Dhcp;

/// <summary>
/// Never a rogue DHCP server: full DHCP refuses to start on a link where another DHCP server answers,
/// naming it and suggesting --proxy; proxy mode starts beside it.
/// </summary>
public sealed class RogueServerGuardTests
{
    [Fact]
    public async Task Full_dhcp_refuses_to_start_beside_dnsmasq_and_proxy_mode_starts()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var data = ServedFolder.Create("pxehost-rogue-");
        try
        {
            await using var dnsmasq = NamespacedProgram.Start(lab.ClientNamespace, "dnsmasq", "--no-daemon", "--port=0", "--interface=veth1",
                "--bind-interfaces", "--dhcp-range=10.77.0.50,10.77.0.90,255.255.255.0", $"--dhcp-leasefile={data}/dnsmasq.leases", "--log-dhcp");
            await dnsmasq.WaitForLineAsync("DHCP, IP range 10.77.0.50", TimeSpan.FromSeconds(20));

            var refused = await PxeHostProcess.RunAsync(lab.ServerNamespace, "serve", "--interface", "veth0",
                "--dhcp-range", "10.77.0.100-10.77.0.150", "--data-dir", $"{data}/pxehost");

            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("pxehost serve: another DHCP server already answers on veth0: 10.77.0.2 (offered 10.77.0.", refused.Output, StringComparison.Ordinal);
            Assert.Contains("Use --proxy", refused.Output, StringComparison.Ordinal);
            // The data folder itself is made at start, for the server's user (nobody) to write in.
            Assert.False(File.Exists($"{data}/pxehost/leases.db"), "a refused start must not create the lease database");

            await using var proxy = await PxeHostProcess.StartAsync(lab.ServerNamespace, "proxyDHCP listening on veth0",
                "serve", "--interface", "veth0", "--proxy", "--data-dir", $"{data}/pxehost");
            Assert.False(proxy.HasExited);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Force_serves_beside_another_server_and_says_so()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var data = ServedFolder.Create("pxehost-rogue-");
        try
        {
            await using var dnsmasq = NamespacedProgram.Start(lab.ClientNamespace, "dnsmasq", "--no-daemon", "--port=0", "--interface=veth1",
                "--bind-interfaces", "--dhcp-range=10.77.0.50,10.77.0.90,255.255.255.0", $"--dhcp-leasefile={data}/dnsmasq.leases");
            await dnsmasq.WaitForLineAsync("DHCP, IP range 10.77.0.50", TimeSpan.FromSeconds(20));

            await using var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0",
                "serve", "--interface", "veth0", "--dhcp-range", "10.77.0.100-10.77.0.150", "--data-dir", $"{data}/pxehost", "--force");
            Assert.Contains(server.Lines, l => l.Contains("another DHCP server answers: 10.77.0.2", StringComparison.Ordinal) && l.Contains("--force", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
