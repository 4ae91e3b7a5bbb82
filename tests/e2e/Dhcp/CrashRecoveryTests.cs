using System.Globalization;
using System.Text.Json;
using PxeHost.E2E.Tests.Support;
using PxeHost.Tests.Support;

namespace PxeHost.E2E.Tests.Dhcp;

/// <summary>
/// A crash loses no acknowledged lease: perfdhcp (Kea's load generator, acting as a relay) runs
/// DORA exchanges, tshark records every ACK that actually left the server, the server is killed
/// with SIGKILL mid-load and restarted, and every recorded (MAC, address) is still leased — with no
/// address held by two MACs, then or after more load. (perfdhcp's own -u uniqueness check counts a
/// returning client given its own address again, so the lease database is checked instead.)
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string Range = "10.77.0.10-10.77.0.250";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Every_acked_lease_survives_kill_9_under_perfdhcp_load()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var work = ServedFolder.Create("pxehost-crash-");
        var data = Path.Combine(work, "data");
        var capture = Path.Combine(work, "acks.pcap");
        try
        {
            string[] serve = ["serve", "--interface", "veth0", "--dhcp-range", Range, "--data-dir", data, "--probe-timeout", "0"];
            var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0", serve);
            await using var tshark = NamespacedProgram.Start(lab.ClientNamespace, "tshark", "-i", "veth1", "-f", "udp port 67", "-w", capture);
            await tshark.WaitForLineAsync("Capturing on", TimeSpan.FromSeconds(30));
            var load = NamespacedProgram.Start(lab.ClientNamespace, "perfdhcp", "-4", "-r", "300", "-R", "200", "-p", "20", "-l", lab.ClientAddress, lab.ServerAddress);

            // Crash in the middle of the load: after at least 150 ACKs went out.
            await Eventually.TrueAsync(() => server.Lines.Count(l => l.Contains(": Ack ", StringComparison.Ordinal)) >= 150, "150 ACKs", TimeSpan.FromSeconds(30));
            await server.KillHardAsync();
            var loggedAcks = server.Lines.Count(l => l.Contains(": Ack ", StringComparison.Ordinal));
            await server.DisposeAsync();
            await load.DisposeAsync();
            await ChildProgram.RunCheckedAsync("kill", "-INT", tshark.ProcessId.ToString(CultureInfo.InvariantCulture));
            await tshark.WaitForExitAsync(TimeSpan.FromSeconds(30));

            var acked = await AckedLeasesAsync(capture);
            Assert.True(acked.Count >= 50, $"tshark saw {acked.Count} distinct (MAC, address) ACKs; the server logged {loggedAcks} ACKs");

            await using var restarted = await PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0", serve);
            var stored = await LeasesAsync(data);
            foreach (var (mac, address) in acked)
            {
                Assert.True(
                    stored.Any(l => l.Mac == mac && l.Address == address && l.State.Equals("active", StringComparison.OrdinalIgnoreCase)),
                    $"ACK of {address} to {mac} seen on the wire, not active in the store; the store has for them: "
                    + string.Join(", ", stored.Where(l => l.Mac == mac || l.Address == address)));
            }

            AssertNoAddressHeldTwice(stored);

            // More load on the restarted server: every exchange completes, and still no address has two holders.
            // perfdhcp waits 1 s at the end (-W) for replies still on their way: a late ACK is not a lost one.
            var again = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, "perfdhcp", "-4", "-r", "100", "-R", "200", "-p", "4", "-W", "1000000",
                "-l", lab.ClientAddress, lab.ServerAddress], TimeSpan.FromMinutes(1));
            Assert.True(again.ExitCode == 0 && again.Stdout.Contains("drops: 0\n", StringComparison.Ordinal), again.Output);
            var after = await LeasesAsync(data);
            AssertNoAddressHeldTwice(after);
            Assert.True(after.Count(l => l.State.Equals("active", StringComparison.OrdinalIgnoreCase)) >= acked.Count);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void AssertNoAddressHeldTwice(IReadOnlyList<StoredLease> leases)
    {
        var active = leases.Where(l => l.State.Equals("active", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(active.Count, active.Select(l => l.Address).Distinct().Count());
        Assert.Equal(active.Count, active.Select(l => l.Mac).Distinct().Count());
    }

    /// <summary>(MAC, yiaddr) of every DHCPACK in the capture, as tshark decodes it.</summary>
    private static async Task<HashSet<(string Mac, string Address)>> AckedLeasesAsync(string capture)
    {
        var fields = await ChildProgram.RunCheckedAsync("tshark", "-r", capture, "-Y", "dhcp.option.dhcp == 5", "-T", "fields", "-e", "dhcp.hw.mac_addr", "-e", "dhcp.ip.your");
        return fields.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            // The hardware address field repeats when option 61 (echoed) is type 1 + that MAC: the first is chaddr's.
            .Select(f => (f[0].Split(',')[0].Trim(), f[1].Trim()))
            .ToHashSet();
    }

    private static async Task<IReadOnlyList<StoredLease>> LeasesAsync(string data)
    {
        var result = await ChildProgram.RunCheckedAsync("dotnet", "exec", PxeHostProcess.CliPath, "leases", "--data-dir", data, "--json");
        return JsonSerializer.Deserialize<List<StoredLease>>(result.Stdout, Web) ?? [];
    }

    private sealed record StoredLease(string Address, string Mac, string State);
}
