using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// <c>pxehost timeline MAC --pcap FILE</c> after a real exchange: busybox udhcpc (as a PXE client) takes its
/// reserved address from the server, curl fetches a file over TFTP with options and asks for one that is
/// not there; the capture the command writes is read back by tshark, which must find every DHCP message and
/// the summed-up TFTP packets, in order.
/// </summary>
public sealed class TimelineCaptureTests
{
    private const string ClientMac = "52:54:00:9e:00:07";

    [Fact]
    public async Task The_capture_of_a_boot_holds_its_DHCP_exchange_and_TFTP_packets_as_tshark_reads_them()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var work = ServedFolder.Create("pxehost-pcap-");
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(work, "tftp")).FullName;
            await File.WriteAllBytesAsync(Path.Combine(root, "hello.efi"), new byte[4000]);
            ServedFolder.OpenToAll(root);
            var data = Path.Combine(work, "data");
            await ChildProgram.RunCheckedAsync("ip", "-n", lab.ClientNamespace, "link", "set", "veth1", "address", ClientMac);

            // The reservation is the client's own address: its TFTP requests come from the address DHCP gave, so they name its MAC.
            await using (var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0",
                "serve", "--interface", "veth0", "--dhcp-range", "10.77.0.100-10.77.0.200", "--reserve", $"{ClientMac}={lab.ClientAddress}",
                "--tftp-root", root, "--data-dir", data, "--probe-timeout", "0"))
            {
                await server.WaitForLineAsync("TFTP serving", TimeSpan.FromSeconds(30));
                var dhcp = await InClientAsync(lab, "busybox", "udhcpc", "-i", "veth1", "-f", "-n", "-q", "-t", "5", "-T", "2", "-s", "/bin/true",
                    "-V", "PXEClient:Arch:00007:UNDI:003016");
                Assert.True(dhcp.ExitCode == 0, dhcp.Output);
                var fetched = await InClientAsync(lab, "curl", "-sS", "--tftp-blksize", "1024", "-o", Path.Combine(work, "hello.copy"), $"tftp://{lab.ServerAddress}/hello.efi");
                Assert.True(fetched.ExitCode == 0, fetched.Output);
                var missing = await InClientAsync(lab, "curl", "-sS", "-o", Path.Combine(work, "missing.copy"), $"tftp://{lab.ServerAddress}/missing.efi");
                Assert.Equal(68, missing.ExitCode); // CURLE_TFTP_NOTFOUND: the server sent error 1
                await server.WaitForLineAsync("missing.efi", TimeSpan.FromSeconds(10));
            }

            // Stopped: the recorder wrote every queued step before the server exited.
            var capture = Path.Combine(work, "boot.pcap");
            var written = await ChildProgram.RunCheckedAsync("dotnet", "exec", PxeHostProcess.CliPath, "timeline", ClientMac, "--pcap", capture, "--data-dir", data);
            Assert.StartsWith($"{capture}: ", written.Stdout, StringComparison.Ordinal);

            var read = await ChildProgram.RunCheckedAsync("tshark", "-r", capture, "-T", "fields", "-E", "separator=;",
                "-e", "ip.src", "-e", "ip.dst", "-e", "dhcp.option.dhcp", "-e", "tftp.opcode", "-e", "tftp.source_file", "-e", "tftp.block");
            var lines = read.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.All(l => l.Split(';').Length == 6), read.Output);
            var packets = lines.Select(Describe).ToList();
            Assert.Equal(
            [
                "DHCP 1 from 0.0.0.0", "DHCP 2 from 10.77.0.1", "DHCP 3 from 0.0.0.0", "DHCP 5 from 10.77.0.1",
                "TFTP 1 hello.efi from 10.77.0.2", "TFTP 6 from 10.77.0.1", "TFTP 4 block 0 from 10.77.0.2", "TFTP 3 block 1 from 10.77.0.1",
                "TFTP 3 block 4 from 10.77.0.1", "TFTP 4 block 4 from 10.77.0.2",
                "TFTP 1 missing.efi from 10.77.0.2", "TFTP 5 from 10.77.0.1",
            ],
            packets);

            // As tshark checks them (status 1 good, 3 not present): every IPv4 header checksum is right, and every UDP
            // checksum but those of the two DATA packets, kept in part, which carry none.
            var checksums = await ChildProgram.RunCheckedAsync("tshark", "-r", capture, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=;", "-e", "ip.checksum.status", "-e", "udp.checksum.status");
            Assert.Equal(
                ["1;1", "1;1", "1;1", "1;1", "1;1", "1;1", "1;1", "1;3", "1;3", "1;1", "1;1", "1;1"],
                checksums.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>One tshark line (src;dst;dhcp type;tftp opcode;file;block) in words.</summary>
    private static string Describe(string line)
    {
        var f = line.Split(';');
        return f[2].Length > 0
            ? $"DHCP {f[2]} from {f[0]}"
            : $"TFTP {f[3]}{(f[4].Length > 0 ? $" {f[4]}" : string.Empty)}{(f[5].Length > 0 ? $" block {f[5]}" : string.Empty)} from {f[0]}";
    }

    private static Task<ChildProgram.Result> InClientAsync(LabNetwork lab, params string[] command) =>
        ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, .. command], TimeSpan.FromSeconds(60));
}
