using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;
using PxeHost.Unix;

namespace PxeHost.Tests.Unix;

/// <summary>Who holds a port, found as ss finds it: the socket's inode in /proc/net, then the /proc/PID/fd link to it.</summary>
public sealed class PortHoldersTests
{
    private static readonly PortHolder Us = new(Environment.ProcessId, File.ReadAllText("/proc/self/comm").TrimEnd('\n'), UnixAccount.Current.UserId);

    [Fact]
    public void A_udp_port_this_process_binds_is_held_by_this_process()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        Assert.Contains(Us, PortHolders.Find(ProtocolType.Udp, port));
        Assert.Equal($" (held by {Us.ProcessName} (pid {Environment.ProcessId}))", PortHolders.Describe(ProtocolType.Udp, port));
    }

    [Fact]
    public void A_tcp_listener_holds_its_port_and_the_port_is_not_taken_for_udp()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Assert.Equal([Us], PortHolders.Find(ProtocolType.Tcp, port));
            Assert.DoesNotContain(Us, PortHolders.Find(ProtocolType.Udp, port));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_socket_whose_process_cannot_be_looked_into_is_named_by_its_owner()
    {
        // /proc/net/udp as the kernel writes it (0.0.0.0:67, uid 0), in a /proc where no process is visible.
        var proc = Directory.CreateTempSubdirectory("pxh-proc-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(proc, "net"));
            File.WriteAllText(Path.Combine(proc, "net", "udp"),
                "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
                + "  215: 00000000:0043 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 24817 2 0000000000000000 0\n");
            var holder = Assert.Single(PortHolders.Find(ProtocolType.Udp, 67, proc));
            Assert.Equal(new PortHolder(0, null, 0), holder);
            Assert.Equal($"a process of root (uid 0) that user {UnixAccount.Current.Name} cannot see", holder.ToString());
            Assert.Empty(PortHolders.Find(ProtocolType.Udp, 68, proc));
        }
        finally
        {
            Directory.Delete(proc, recursive: true);
        }
    }

    [Fact]
    public async Task The_dhcp_service_names_who_holds_its_port_and_says_no_option_moves_it()
    {
        // Held without SO_REUSEADDR on every address, as another DHCP server holds port 67.
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        held.Bind(new IPEndPoint(IPAddress.Any, 0));
        var port = ((IPEndPoint)held.LocalEndPoint!).Port;
        var options = new DhcpServerOptions { Mode = DhcpMode.Proxy, Interfaces = ["lo"], ServerPort = port, BootServerPort = FreePort(), DataDirectory = Path.GetTempPath() };
        var leaseStores = new SqliteLeaseStoreFactory(options.DataDirectory, LeaseDurability.Process, TimeProvider.System, NullLogger.Instance);
        using var server = new DhcpServer(options, TestPolicies.Flags(), leaseStores, TimeProvider.System, NullLogger<DhcpServer>.Instance);

        var refused = await Assert.ThrowsAsync<DhcpStartException>(() => server.StartAsync(CancellationToken.None));
        Assert.Contains($"cannot listen on lo UDP port {port}: Address already in use (held by {Us.ProcessName} (pid {Environment.ProcessId}))", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"DHCP clients send to port {port}, so no option moves it", refused.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
