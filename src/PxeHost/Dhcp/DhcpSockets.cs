using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace PxeHost.Dhcp;

/// <summary>UDP sockets tied to one interface, as DHCP needs: broadcasts in and out of exactly that link.</summary>
internal static partial class DhcpSockets
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoBindToIfIndex = 62;
    private const int SoReceiveBufferForce = 33;

    /// <summary>
    /// Room for bursts: thousands of clients powered on at once (or a relay flushing its queue) arrive
    /// faster than one decision thread takes them, and the kernel's default 208 KiB holds ~300 requests.
    /// </summary>
    private const int ReceiveBufferBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Bound to 0.0.0.0:<paramref name="port"/> (broadcasts arrive there) and to the device with
    /// SO_BINDTODEVICE, so several interfaces — or another program on another interface — can share
    /// the port, and a 255.255.255.255 reply leaves through this interface only.
    /// </summary>
    public static Socket Open(string interfaceName, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            EnlargeReceiveBuffer(socket);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>SO_RCVBUFFORCE passes net.core.rmem_max when the server may (root, CAP_NET_ADMIN); else SO_RCVBUF, capped.</summary>
    private static void EnlargeReceiveBuffer(Socket socket)
    {
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReceiveBufferForce, BitConverter.GetBytes(ReceiveBufferBytes));
        }
        catch (SocketException)
        {
            socket.ReceiveBufferSize = ReceiveBufferBytes;
        }
    }

    /// <summary>
    /// The index of the device the socket is bound to, as the kernel holds it (SO_BINDTOIFINDEX, Linux 5.0):
    /// the name given to SO_BINDTODEVICE is resolved when the socket is opened, and a link replaced just
    /// before that must count as the one bound, not the one seen earlier.
    /// </summary>
    public static int BoundIndex(Socket socket)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        return socket.GetRawSocketOption(SolSocket, SoBindToIfIndex, value) == sizeof(int) ? BitConverter.ToInt32(value) : 0;
    }

    /// <summary>The index of the interface named so in this network namespace, 0 when there is none.</summary>
    public static int InterfaceIndex(string interfaceName) => (int)IfNameToIndex(interfaceName);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);
}
