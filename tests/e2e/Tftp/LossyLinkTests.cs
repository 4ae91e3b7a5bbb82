using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Support;
using PxeHost.Tests.Support;

namespace PxeHost.E2E.Tests.Tftp;

/// <summary>
/// TFTP across a veth link that drops 5% of frames in both directions (data and ACKs): every
/// transfer must still complete intact, by retransmission, and the log must show when it retransmitted.
/// </summary>
public sealed partial class LossyLinkTests
{
    [Fact]
    public async Task Ten_transfers_of_5_MiB_complete_intact_over_a_link_dropping_5_percent()
    {
        await using var lab = await LabNetwork.CreateAsync();
        await lab.DropFramesAsync(5);
        var work = ServedFolder.Create("pxehost-lossy-");
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
            var content = RandomNumberGenerator.GetBytes(5 << 20);
            await File.WriteAllBytesAsync(Path.Combine(root, "initrd.img"), content);
            await using var server = await PxeHostProcess.StartAsync(
                lab.ServerNamespace, "TFTP serving",
                "serve", "--tftp-root", root, "--listen", lab.ServerAddress, "--tftp-port", "69", "--no-dhcp", "--log-level", "Debug",
                "--tftp-max-transfers-per-client", "16"); // ten clients share the lab client's one address

            var clients = Enumerable.Range(0, 10).Select(i => RunClientAsync(lab, i, Path.Combine(work, $"out-{i}"))).ToList();
            var results = await Task.WhenAll(clients);

            var expected = Convert.ToHexString(SHA256.HashData(content));
            foreach (var (client, result, output, _) in results)
            {
                Assert.True(result.ExitCode == 0, $"{client} exited {result.ExitCode}: {result.Output}");
                Assert.Equal(expected, Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(output))));
            }

            await server.WaitForLineAsync("retransmits", TimeSpan.FromSeconds(5));
            List<string> Ended() => server.Lines.Where(l => l.Contains("\"initrd.img\" ", StringComparison.Ordinal) && l.Contains(" retransmits", StringComparison.Ordinal)).ToList();
            var retried = results.Count(r => r.Retried);

            // An aborted atftp transfer ends in the log when the client's error arrives or the server gives up.
            await Eventually.TrueAsync(() => Ended().Count >= 10 + retried, "every transfer's log line", TimeSpan.FromMinutes(2));
            var ended = Ended();
            Assert.Equal(10 + retried, ended.Count);
            Assert.Equal(10, ended.Count(l => Regex.IsMatch(l, ": (Completed|Unconfirmed)")));
            var retransmits = server.Lines.Where(l => RetransmitLine().IsMatch(l)).ToList();
            Assert.NotEmpty(retransmits);
            var total = ended.Sum(l => int.Parse(RetransmitCount().Match(l).Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.True(total > 0, "a 5% loss link must have caused retransmissions");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // atftp in lockstep is left out on purpose: it answers a duplicate block once and then waits
    // five seconds for its own timer, so at 5% loss a 5 MiB file takes minutes with any server.
    // atftp aborts with "unexpected OACK" when its ACK of the OACK is lost and the server, as RFC 2347
    // asks, sends the OACK again; at 5% loss that happens to about one atftp transfer in twenty. With a
    // window, atftp answers a block out of order with one extra ACK and then ignores the repeats until
    // its own 5 s timer: when that one ACK is lost, the server's backed-off retransmissions (7, about
    // 2.5 s in all) run out first and atftp aborts after "timeout: retrying" (seen twice in eight
    // full-suite runs). Either transfer is run once more (and the aborted one must show in the server's log).
    private static async Task<(string Client, ChildProgram.Result Result, string Output, bool Retried)> RunClientAsync(LabNetwork lab, int index, string output)
    {
        var (client, result) = await RunOnceAsync(lab, index, output);
        if (result.ExitCode != 0 && (result.Output.Contains("unexpected OACK", StringComparison.Ordinal)
            || (client.StartsWith("atftp", StringComparison.Ordinal) && result.Output.Contains("timeout: retrying", StringComparison.Ordinal))))
        {
            (client, result) = await RunOnceAsync(lab, index, output);
            return (client, result, output, true);
        }

        return (client, result, output, false);
    }

    private static async Task<(string Client, ChildProgram.Result Result)> RunOnceAsync(LabNetwork lab, int index, string output)
    {
        var url = $"tftp://{lab.ServerAddress}/initrd.img";
        string[] command = (index % 3) switch
        {
            0 => ["curl", "-sS", "--max-time", "280", "--tftp-blksize", "1468", "-o", output, url],
            1 => ["tftp", "-m", "octet", lab.ServerAddress, "-c", "get", "initrd.img", output],
            _ => ["atftp", "--option", "blksize 1468", "--option", "windowsize 8", "-g", "-r", "initrd.img", "-l", output, lab.ServerAddress],
        };
        var result = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, .. command], TimeSpan.FromMinutes(5));
        return (string.Join(' ', command), result);
    }

    [GeneratedRegex(@"timeout after \d+ ms: resending from")]
    private static partial Regex RetransmitLine();

    [GeneratedRegex(@"(\d+) retransmits")]
    private static partial Regex RetransmitCount();
}
