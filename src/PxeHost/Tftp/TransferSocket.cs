using System.Net;
using System.Net.Sockets;

namespace PxeHost.Tftp;

/// <summary>Creates the socket a transfer is sent from: its own port, from the configured range when there is one.</summary>
internal static class TransferSocket
{
    private const int MaxBindAttempts = 128;

    public static Socket Bind(IPAddress localAddress, TftpPortRange? range, IPEndPoint client)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            BindPort(socket, localAddress, range);

            // Connected: the kernel drops datagrams from any other transfer id and reports ICMP
            // port-unreachable from a client that went away.
            socket.Connect(client);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void BindPort(Socket socket, IPAddress localAddress, TftpPortRange? range)
    {
        if (range is null)
        {
            BindOrAny(socket, localAddress, 0);
            return;
        }

        var start = Random.Shared.Next(range.Count);
        var attempts = Math.Min(range.Count, MaxBindAttempts);
        for (var i = 0; i < attempts; i++)
        {
            try
            {
                BindOrAny(socket, localAddress, range.First + ((start + i) % range.Count));
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    private static void BindOrAny(Socket socket, IPAddress localAddress, int port)
    {
        try
        {
            socket.Bind(new IPEndPoint(localAddress, port));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            // The request came to a broadcast address: answer from whichever address routes to the client.
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }
    }
}
