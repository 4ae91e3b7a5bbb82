using System.Globalization;
using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Support;
using Xunit.Abstractions;

namespace PxeHost.E2E.Tests.Hardening;

/// <summary>
/// Nothing on the wire stops the server: 100,000 datagrams mutated from the golden captures (DHCP to
/// port 67, broadcast and unicast; the PXE boot server request to 4011; TFTP packets to 69) are sent
/// from the peer namespace at 2,000 a second to `pxehost serve` in full DHCP mode with a TFTP root
/// and HTTP. Afterwards the same process still answers a real DISCOVER (busybox udhcpc), an RRQ
/// (tftp-hpa) and a GET (curl), counted the malformed ones, and its resident memory grew by less
/// than <see cref="RssGrowthBound"/>.
/// </summary>
public sealed partial class MutationFuzzTests(ITestOutputHelper output)
{
    private const int Datagrams = 100_000;
    private const int Rate = 2_000;
    private const int Seed = 20260909;
    private const string ClientMac = "52:54:00:9e:00:01";
    private const string ReservedAddress = "10.77.0.50";
    private const string Content = "a file the fuzzing did not stop";

    /// <summary>
    /// Resident memory the first round may add: bounded stores fill — the event history (4,096 events, now
    /// with their datagrams for the pcap), subscriber queues, the client directory, telemetry's boots under
    /// way (4,096 machines: every mutated MAC is one), metric series (capped per metric), pools and caches.
    /// </summary>
    private const long RssGrowthBound = 250L * 1024 * 1024;

    [Fact]
    public async Task The_server_survives_100000_mutated_datagrams_and_still_answers_dhcp_tftp_and_http()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var work = ServedFolder.Create("pxehost-fuzz-");
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(work, "tftp")).FullName;
            await File.WriteAllTextAsync(Path.Combine(root, "hello.txt"), Content);
            await SetClientMacAsync(lab);
            string[] serve = ["serve", "--interface", "veth0", "--dhcp-range", "10.77.0.100-10.77.0.200", "--reserve", $"{ClientMac}={ReservedAddress}",
                "--tftp-root", root, "--data-dir", Path.Combine(work, "data"), "--probe-timeout", "0", "--log-level", "Debug"];
            await using var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0", serve);
            await server.WaitForLineAsync("HTTP serving on", TimeSpan.FromSeconds(30));

            // The three answers work before the fuzzing (so afterwards they test the server, not the checks).
            await AssertAnswersAsync(lab, work);
            var before = ResidentBytes(server.ProcessId);

            var sender = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, "dotnet", "exec", FuzzPath, "wire",
                "--server", lab.ServerAddress, "--interface", "veth1", "--seed", Seed.ToString(CultureInfo.InvariantCulture),
                "--count", Datagrams.ToString(CultureInfo.InvariantCulture), "--rate", Rate.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(2));
            Assert.True(sender.ExitCode == 0, sender.Output);
            output.WriteLine(sender.Stdout.Trim());

            Assert.False(server.HasExited, "pxehost exited under the mutated datagrams:\n" + string.Join('\n', server.Lines.TakeLast(50)));
            await AssertAnswersAsync(lab, work);
            Assert.False(server.HasExited);
            var after = ResidentBytes(server.ProcessId);

            var lines = server.Lines;
            var dhcpMalformed = lines.Count(l => l.Contains("dhcp malformed datagram", StringComparison.Ordinal) || l.Contains("dropped: larger than", StringComparison.Ordinal));
            var tftpMalformed = lines.Count(l => l.Contains("malformed packet dropped", StringComparison.Ordinal));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pid {server.ProcessId}: VmRSS {before / 1024} kB before, {after / 1024} kB after ({(after - before) / 1024:+#;-#;0} kB; bound +{RssGrowthBound / 1024} kB); logged malformed: DHCP {dhcpMalformed}, TFTP {tftpMalformed}"));
            Assert.True(after - before < RssGrowthBound, $"VmRSS grew from {before} to {after} bytes");

            Assert.True(dhcpMalformed > 0, "no malformed DHCP datagram was logged");
            Assert.True(tftpMalformed > 0, "no malformed TFTP packet was logged");
            // The console's level word follows the time: "12:00:00.000 error: …" (information has none).
            Assert.DoesNotContain(lines, l => l.Length > 13 && (l[13..].StartsWith("error: ", StringComparison.Ordinal) || l[13..].StartsWith("critical: ", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>DISCOVER→ACK of the reserved address (udhcpc), an RRQ (tftp-hpa) and a GET (curl), all from the peer.</summary>
    private static async Task AssertAnswersAsync(LabNetwork lab, string work)
    {
        var dhcp = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace,
            "busybox", "udhcpc", "-i", "veth1", "-f", "-n", "-q", "-t", "5", "-T", "2", "-s", "/bin/true"], TimeSpan.FromSeconds(30));
        Assert.Equal(ReservedAddress, LeaseObtained().Match(dhcp.Output) is { Success: true } m ? m.Groups[1].Value : dhcp.Output);

        var copy = Path.Combine(work, "hello.copy");
        File.Delete(copy);
        var tftp = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, "tftp", lab.ServerAddress, "-m", "binary", "-c", "get", "hello.txt", copy], TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(copy), "tftp got nothing: " + tftp.Output);
        Assert.Equal(Content, await File.ReadAllTextAsync(copy));

        var http = await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.ClientNamespace, "curl", "-sS", "--max-time", "10", $"http://{lab.ServerAddress}/hello.txt");
        Assert.Equal(Content, http.Stdout);
    }

    /// <summary>The peer's interface takes the reserved MAC, so its DISCOVER is answered whatever the fuzzing did to the pool.</summary>
    private static async Task SetClientMacAsync(LabNetwork lab)
    {
        await ChildProgram.RunCheckedAsync("ip", "-n", lab.ClientNamespace, "link", "set", "veth1", "down");
        await ChildProgram.RunCheckedAsync("ip", "-n", lab.ClientNamespace, "link", "set", "veth1", "address", ClientMac);
        await ChildProgram.RunCheckedAsync("ip", "-n", lab.ClientNamespace, "link", "set", "veth1", "up");
    }

    /// <summary>VmRSS of /proc/PID/status, in bytes.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The built sender: artifacts/bin/PxeHost.Fuzz/CONFIG beside this assembly's artifacts/bin/PxeHost.E2E.Tests/CONFIG.</summary>
    private static string FuzzPath
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
            var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "PxeHost.Fuzz", configuration, "PxeHost.Fuzz.dll"));
            return File.Exists(path) ? path : throw new FileNotFoundException("the fuzz harness is not built", path);
        }
    }

    [GeneratedRegex(@"lease of (\d+\.\d+\.\d+\.\d+) obtained")]
    private static partial Regex LeaseObtained();
}
