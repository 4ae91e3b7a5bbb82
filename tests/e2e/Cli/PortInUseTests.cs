using System.Net;
using System.Net.Sockets;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>A port already taken is refused naming who holds it (pid and name) and the option that moves the port.</summary>
public sealed class PortInUseTests
{
    private static readonly string Us = $"{File.ReadAllText("/proc/self/comm").TrimEnd('\n')} (pid {Environment.ProcessId})";

    [Fact]
    public async Task A_tftp_port_in_use_names_this_process_and_tftp_port()
    {
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)held.LocalEndPoint!).Port;

        var result = await ServeFilesAsync("--tftp-port", Text(port));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"pxehost serve: cannot listen for TFTP on 127.0.0.1 port {port}: Address already in use (held by {Us}); stop it, or choose another port with --tftp-port",
            result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_port_in_use_names_this_process_and_http_port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var result = await ServeFilesAsync("--tftp-port", Text(FreeUdpPort()), "--http-port", Text(port));
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"pxehost serve: cannot listen for HTTP on port {port}:", result.Stderr, StringComparison.Ordinal);
            Assert.Contains($"(held by {Us}); stop it, or choose another port with --http-port", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>serve --no-dhcp on loopback, as root (the holder's descriptors are root's to look into).</summary>
    private static async Task<ChildProgram.Result> ServeFilesAsync(params string[] ports)
    {
        var root = Directory.CreateTempSubdirectory("pxehost-port-").FullName;
        try
        {
            return await ChildProgram.RunAsync("dotnet",
                ["exec", PxeHostProcess.CliPath, "serve", "--no-dhcp", "--listen", "127.0.0.1", "--tftp-root", root, "--user", "root", .. ports], TimeSpan.FromMinutes(1));
        }
        finally
        {
            Directory.Delete(root);
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
