using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Tftp;

/// <summary>
/// The tftpd-hpa puzzle: a file the server's user cannot read. The server runs as an unprivileged
/// user (root reads everything); the client gets error 2 and the log says why and what to do.
/// </summary>
public sealed class UnreadableFileTests
{
    [Fact]
    public async Task A_file_the_server_cannot_read_gets_error_2_and_the_reason_in_the_log()
    {
        var work = Directory.CreateTempSubdirectory("pxehost-perm-").FullName;
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;
            File.SetUnixFileMode(work, (UnixFileMode)Convert.ToInt32("755", 8));
            File.SetUnixFileMode(root, (UnixFileMode)Convert.ToInt32("755", 8));
            var secret = Path.Combine(root, "grubx64.efi");
            await File.WriteAllTextAsync(secret, "only root may read this");
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var readable = Path.Combine(root, "ok.efi");
            await File.WriteAllTextAsync(readable, "anyone may read this");
            File.SetUnixFileMode(readable, (UnixFileMode)Convert.ToInt32("644", 8));
            var port = FreeUdpPort().ToString(CultureInfo.InvariantCulture);

            await using var server = await PxeHostProcess.StartWithAsync(
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], "TFTP serving",
                "serve", "--tftp-root", root, "--listen", "127.0.0.1", "--tftp-port", port, "--no-dhcp");

            var denied = await ChildProgram.RunAsync("curl", ["-sS", "-o", Path.Combine(work, "out1"), $"tftp://127.0.0.1:{port}/grubx64.efi"]);
            Assert.Equal(69, denied.ExitCode); // curl's CURLE_TFTP_PERM: the server sent error 2
            await server.WaitForLineAsync("grubx64.efi", TimeSpan.FromSeconds(10));
            var line = Assert.Single(server.Lines, l => l.Contains("grubx64.efi", StringComparison.Ordinal));
            Assert.Contains("AccessViolation", line, StringComparison.Ordinal);
            Assert.Contains("mode 0600 is not readable by the server's user nobody", line, StringComparison.Ordinal);
            Assert.Contains("nobody (uid 65534, gid 65534)", line, StringComparison.Ordinal);

            var allowed = await ChildProgram.RunAsync("curl", ["-sS", "-o", Path.Combine(work, "out2"), $"tftp://127.0.0.1:{port}/ok.efi"]);
            Assert.Equal(0, allowed.ExitCode);
            Assert.Equal("anyone may read this", await File.ReadAllTextAsync(Path.Combine(work, "out2")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
