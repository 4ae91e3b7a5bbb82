using System.Globalization;
using System.Security.Cryptography;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Tftp;

/// <summary>
/// Blocks larger than the link's MTU: an Ethernet link (1500) with blksize 4096, and a VXLAN
/// overlay (1450) with the usual blksize 1468, whose DATA packets need IP fragmentation. Segmentation
/// offload cannot send such segments (the kernel refuses every send), so a window of them must go
/// as one datagram per block, and the file must arrive intact.
/// </summary>
public sealed class PathMtuTests
{
    public static TheoryData<int, string, string[]> Cases() => new()
    {
        { 1500, "atftp", ["--option", "blksize 4096", "--option", "windowsize 8"] },
        { 1500, "curl", ["--tftp-blksize", "4096"] },
        { 1450, "atftp", ["--option", "blksize 1468", "--option", "windowsize 8"] },
        { 1450, "atftp", ["--option", "blksize 1468", "--option", "windowsize 64"] },
        { 1450, "curl", ["--tftp-blksize", "1468"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Blocks_larger_than_the_link_mtu_arrive_intact(int mtu, string client, string[] options)
    {
        await using var lab = await LabNetwork.CreateAsync();
        await lab.SetMtuAsync(mtu);
        var work = ServedFolder.Create("pxehost-mtu-");
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
            var content = RandomNumberGenerator.GetBytes((3 << 20) + 1234);
            await File.WriteAllBytesAsync(Path.Combine(root, "initrd.img"), content);
            await using var server = await PxeHostProcess.StartAsync(
                lab.ServerNamespace, "TFTP serving",
                "serve", "--tftp-root", root, "--listen", lab.ServerAddress, "--tftp-port", "69", "--no-dhcp");

            var output = Path.Combine(work, "out");
            string[] command = client == "curl"
                ? ["curl", "-sS", "--max-time", "60", .. options, "-o", output, $"tftp://{lab.ServerAddress}/initrd.img"]
                : ["atftp", .. options, "-g", "-r", "initrd.img", "-l", output, lab.ServerAddress];
            var result = await ChildProgram.RunAsync("ip", ["netns", "exec", lab.ClientNamespace, .. command], TimeSpan.FromMinutes(2));

            Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)} exited {result.ExitCode}: {result.Output}\n{string.Join('\n', server.Lines)}");
            Assert.Equal(Convert.ToHexString(SHA256.HashData(content)), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(output))));
            await server.WaitForLineAsync("\"initrd.img\" ", TimeSpan.FromSeconds(10));
            var line = Assert.Single(server.Lines, l => l.Contains("\"initrd.img\" ", StringComparison.Ordinal));
            Assert.Contains(content.Length.ToString(CultureInfo.InvariantCulture) + " bytes", line, StringComparison.Ordinal);
            Assert.Matches(": (Completed|Unconfirmed)", line);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
