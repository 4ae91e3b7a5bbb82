using System.Net;
using System.Net.Sockets;
using PxeHost.Doctor;

namespace PxeHost.Tests.Doctor;

/// <summary>
/// doctor names who holds a port the server needs — the test's own sockets on loopback, so the holder
/// is this very process — found through /proc/net and /proc/PID/fd, and says a free port is free.
/// </summary>
public sealed class PortCheckTests
{
    private static readonly string OwnName = File.ReadAllText("/proc/self/comm").TrimEnd('\n');

    [Fact]
    public void A_udp_port_held_by_this_process_blocks_naming_its_pid_and_name_and_the_flag_that_moves_it()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        var finding = Assert.Single(PortCheck.Check([new ListenPort(ProtocolType.Udp, port, "TFTP", "--tftp-port")]));

        Assert.Equal(DoctorSeverity.Blocks, finding.Severity);
        Assert.Equal($"UDP port {port} (TFTP) is held by {OwnName} (pid {Environment.ProcessId})", finding.What);
        Assert.Equal($"stop {OwnName}, or choose another port with --tftp-port", finding.Fix);
    }

    [Fact]
    public void A_listening_tcp_port_blocks_and_names_this_process()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var finding = Assert.Single(PortCheck.Check([new ListenPort(ProtocolType.Tcp, port, "HTTP", "--http-port")]));

        Assert.Equal(DoctorSeverity.Blocks, finding.Severity);
        Assert.Contains($"(pid {Environment.ProcessId})", finding.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_nothing_holds_is_ok()
    {
        int port;
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        var finding = Assert.Single(PortCheck.Check([new ListenPort(ProtocolType.Udp, port, "TFTP", "--tftp-port")]));

        Assert.Equal(DoctorSeverity.Ok, finding.Severity);
        Assert.Equal($"UDP port {port} (TFTP) is free", finding.What);
    }
}
