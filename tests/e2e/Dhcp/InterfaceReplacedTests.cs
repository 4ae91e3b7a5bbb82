using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Dhcp;

/// <summary>
/// The link the server listens on is deleted and created again under the same name (its socket, bound to
/// the old device with SO_BINDTODEVICE, would never receive again and raises no error): the server
/// notices, opens new sockets, and answers DHCP on the new link. perfdhcp acts as a relay, as in the
/// crash test.
/// </summary>
public sealed class InterfaceReplacedTests
{
    [Fact]
    public async Task Dhcp_is_answered_again_after_the_interface_is_deleted_and_created_again()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var data = ServedFolder.Create("pxehost-relink-");
        try
        {
            await using var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0",
                "serve", "--interface", "veth0", "--dhcp-range", "10.77.0.10-10.77.0.250", "--data-dir", data, "--probe-timeout", "0");
            await AssertAnsweredAsync(lab, server);

            await lab.ReplaceLinkAsync();
            await server.WaitForLineAsync("dhcp socket on veth0 port 67 open again", TimeSpan.FromSeconds(30));

            await AssertAnsweredAsync(lab, server);
            Assert.False(server.HasExited);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// The link is replaced while the server probes it for another DHCP server, between the probe's two
    /// DISCOVERs: the second cannot be sent (its socket's device is gone). That is logged, the probe ends,
    /// and the server starts on the new link; the send once ran on a timer thread, where the error ended the process.
    /// The sockets opened then are bound to the new link, and count as such (the index was once taken
    /// before the probe, so the watch closed working sockets and a DISCOVER was lost).
    /// </summary>
    [Fact]
    public async Task A_probe_whose_second_discover_cannot_be_sent_still_starts_the_server()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var data = ServedFolder.Create("pxehost-relink-");
        try
        {
            await using var capture = NamespacedProgram.Start(lab.ClientNamespace, "tshark", "-l", "-n", "-i", "veth1", "-f", "udp port 67");
            await capture.WaitForLineAsync("Capturing on", TimeSpan.FromSeconds(30));
            var starting = PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0",
                "serve", "--interface", "veth0", "--dhcp-range", "10.77.0.10-10.77.0.250", "--data-dir", data, "--probe-timeout", "6000");

            await capture.WaitForLineAsync("DHCP Discover", TimeSpan.FromSeconds(30));
            await lab.ReplaceLinkAsync();

            await using var server = await starting;
            Assert.Contains(server.Lines, l => l.Contains("DHCP probe on veth0: DISCOVER not sent", StringComparison.Ordinal));
            await AssertAnsweredAsync(lab, server);

            // The sockets were opened on the new link: the interface watch (every 2 s, and the exchanges
            // above take longer) must not take them for the old one and close them under a client.
            Assert.DoesNotContain(server.Lines, l => l.Contains("went away or was replaced", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// Answered again — one exchange completes within 30 s (the new link settles, a socket the server
    /// watches is opened again within its 2 s check) — then twenty exchanges, every one completed;
    /// perfdhcp waits 1 s at the end (-W) for late replies.
    /// </summary>
    private static async Task AssertAnsweredAsync(LabNetwork lab, PxeHostProcess server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var one = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, "perfdhcp", "-4", "-r", "1", "-n", "1", "-W", "1000000",
                "-l", lab.ClientAddress, lab.ServerAddress], TimeSpan.FromMinutes(1));
            if (one.ExitCode == 0 && one.Stdout.Contains("drops: 0\n", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"no DHCP exchange completed within 30 s of the link coming back: {one.Output}\nserver:\n{string.Join("\n", server.Lines.TakeLast(80))}");
        }

        var run = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, "perfdhcp", "-4", "-r", "10", "-n", "20", "-W", "1000000",
            "-l", lab.ClientAddress, lab.ServerAddress], TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0 && run.Stdout.Contains("drops: 0\n", StringComparison.Ordinal), run.Output + "\nserver:\n" + string.Join("\n", server.Lines));
    }
}
