using System.Net;
using System.Net.Sockets;

namespace PxeHost.Tftp;

/// <summary>A socket TFTP requests arrive on: bound to one address, with a receive buffer sized for bursts.</summary>
internal static class ListeningSocket
{
    /// <summary>Linux's SOL_SOCKET, raw: <see cref="SocketOptionLevel.Socket"/> is Windows' 0xffff.</summary>
    private const int SocketLevel = 1;

    /// <summary>Linux's SO_RCVBUFFORCE (socket(7)): as root, sets the buffer past net.core.rmem_max.</summary>
    private const int ReceiveBufferForce = 33;

    public static Socket Open(IPEndPoint endpoint, int receiveBufferBytes, out string how)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // The local address a request came to, when listening on every address: the transfer answers from it.
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            how = SetReceiveBuffer(socket, receiveBufferBytes);
            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string SetReceiveBuffer(Socket socket, int bytes)
    {
        try
        {
            socket.SetRawSocketOption(SocketLevel, ReceiveBufferForce, BitConverter.GetBytes(bytes));
            return ", forced";
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AccessDenied or SocketError.ProtocolOption or SocketError.OperationNotSupported)
        {
            // Not root (EPERM): the kernel caps SO_RCVBUF at net.core.rmem_max.
            socket.ReceiveBufferSize = bytes;
            return $", capped by net.core.rmem_max without root: {e.SocketErrorCode}";
        }
    }
}
