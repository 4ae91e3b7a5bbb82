using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// <c>pxehost serve</c> in a namespace pair counts one machine's boot: busybox udhcpc (as PXE firmware) takes
/// its address, curl fetches the boot file over TFTP, then the iPXE script, a kernel and an initrd over HTTP;
/// <c>curl http://SERVER/metrics</c> from the client's side then shows the DHCP and TFTP counts (smee's names
/// among them), the pool in use, the boot, and one measurement in each stage's latency histogram.
/// </summary>
public sealed class MetricsTests
{
    private const string ClientMac = "52:54:00:9e:00:08";

    [Fact]
    public async Task Curl_metrics_after_a_boot_shows_its_counts_and_a_latency_per_stage()
    {
        await using var lab = await LabNetwork.CreateAsync();
        var work = ServedFolder.Create("pxehost-metrics-");
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(work, "tftp")).FullName;
            await File.WriteAllBytesAsync(Path.Combine(root, "hello.efi"), new byte[4000]);
            await File.WriteAllBytesAsync(Path.Combine(root, "vmlinuz"), new byte[30000]);
            await File.WriteAllBytesAsync(Path.Combine(root, "initrd.img"), new byte[50000]);
            ServedFolder.OpenToAll(root);
            await ChildProgram.RunCheckedAsync("ip", "-n", lab.ClientNamespace, "link", "set", "veth1", "address", ClientMac);

            // The client's own address is reserved (and in the pool): its TFTP and HTTP requests come from it, so they name its MAC.
            await using var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "DHCP (Full) listening on veth0",
                "serve", "--interface", "veth0", "--dhcp-range", "10.77.0.2-10.77.0.101", "--reserve", $"{ClientMac}={lab.ClientAddress}",
                "--tftp-root", root, "--data-dir", Path.Combine(work, "data"), "--probe-timeout", "0", "--http-port", "8080");
            await server.WaitForLineAsync("TFTP serving", TimeSpan.FromSeconds(30));
            var http = $"http://{lab.ServerAddress}:8080";

            var dhcp = await InClientAsync(lab, "busybox", "udhcpc", "-i", "veth1", "-f", "-n", "-q", "-t", "5", "-T", "2", "-s", "/bin/true",
                "-V", "PXEClient:Arch:00007:UNDI:003016");
            Assert.True(dhcp.ExitCode == 0, dhcp.Output);
            await FetchAsync(lab, $"tftp://{lab.ServerAddress}/hello.efi");
            await FetchAsync(lab, $"{http}/boot/{ClientMac.Replace(':', '-')}.ipxe");
            await FetchAsync(lab, $"{http}/vmlinuz");
            await FetchAsync(lab, $"{http}/initrd.img");

            // The latencies are read off the event stream a moment after the last request: scraped until the initrd's is there.
            var text = string.Empty;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            // An HTTP transfer is counted as its response ends, after its event: wait for both.
            while ((PrometheusText.Value(text, "pxehost_boot_stage_duration_seconds_count", "stage=\"initrd\"") < 1 || PrometheusText.Value(text, "jobs_total", "from=\"http\"", "op=\"file\"") < 3
                    || PrometheusText.Value(text, "pxehost_http_transfers_ended_total", "outcome=\"completed\"") < 3)
                && DateTime.UtcNow < deadline)
            {
                var scraped = await InClientAsync(lab, "curl", "-sS", "--fail", $"{http}/metrics");
                Assert.True(scraped.ExitCode == 0, scraped.Output);
                text = scraped.Stdout;
            }

            Assert.Equal(1, PrometheusText.Value(text, "dhcp_total", "op=\"DHCPDISCOVER\"", "outcome=\"offer\"", "port=\"67\"", "giaddr=\"0.0.0.0\""));
            Assert.Equal(1, PrometheusText.Value(text, "dhcp_total", "op=\"DHCPREQUEST\"", "outcome=\"ack\""));
            Assert.Equal(1, PrometheusText.Value(text, "discover_duration_seconds_count", "from=\"dhcp\""));
            Assert.Equal(1, PrometheusText.Value(text, "jobs_total", "from=\"tftp\"", "op=\"read\""));
            Assert.Equal(3, PrometheusText.Value(text, "jobs_total", "from=\"http\"", "op=\"file\""));
            Assert.Equal(0, PrometheusText.Value(text, "jobs_in_progress", "from=\"tftp\"", "op=\"read\""));
            Assert.Equal(1, PrometheusText.Value(text, "pxehost_tftp_transfers_ended_total", "tftp_outcome=\"completed\""));
            Assert.Equal(4000, PrometheusText.Value(text, "pxehost_tftp_bytes_sent_bytes_total", "tftp_outcome=\"completed\""));
            Assert.True(PrometheusText.Value(text, "pxehost_http_transfers_ended_total", "outcome=\"completed\"") == 3, text);
            Assert.Equal((1, 100), (PrometheusText.Value(text, "pxehost_dhcp_pool_used", "scope=\"10.77.0.0/24\""), PrometheusText.Value(text, "pxehost_dhcp_pool_size", "scope=\"10.77.0.0/24\"")));
            Assert.Equal(1, PrometheusText.Value(text, "pxehost_boots_total"));
            foreach (var stage in new[] { "dhcp", "boot_file", "loader", "config", "kernel", "initrd" })
            {
                Assert.True(PrometheusText.Value(text, "pxehost_boot_stage_duration_seconds_count", $"stage=\"{stage}\"") == 1, $"{stage}:\n{text}");
                Assert.True(PrometheusText.Value(text, "pxehost_boot_stage_duration_seconds_bucket", $"stage=\"{stage}\"", "le=\"+Inf\"") == 1, $"{stage}:\n{text}");
                Assert.True(PrometheusText.Value(text, "pxehost_boot_stage_reached_seconds_count", $"stage=\"{stage}\"") == 1, $"{stage}:\n{text}");
            }

            // Each stage on the link took well under a minute: its measurement is in the 60 s bucket already.
            Assert.Equal(1, PrometheusText.Value(text, "pxehost_boot_stage_duration_seconds_bucket", "stage=\"kernel\"", "le=\"60\""));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task FetchAsync(LabNetwork lab, string url)
    {
        var fetched = await InClientAsync(lab, "curl", "-sS", "--fail", "-o", "/dev/null", url);
        Assert.True(fetched.ExitCode == 0, url + ": " + fetched.Output);
    }

    private static Task<ChildProgram.Result> InClientAsync(LabNetwork lab, params string[] command) =>
        ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, .. command], TimeSpan.FromSeconds(60));
}
