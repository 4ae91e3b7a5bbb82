using System.Net.Sockets;

namespace PxeHost.Dhcp;

/// <summary>
/// One bound socket: which interface, which port, and the scope of that interface's subnet. The socket
/// is replaced when it fails or its interface is replaced (deleted and created again under the same
/// name: a SO_BINDTODEVICE socket stays tied to the old device and would never receive again).
/// </summary>
internal sealed class DhcpListener(Socket socket, LocalInterface link, DhcpScope? scope, bool isBootServerPort, int port)
{
    private Socket _socket = socket;
    private int _boundIndex = DhcpSockets.BoundIndex(socket);
    private int _reopening;

    public Socket Socket => Volatile.Read(ref _socket);

    public LocalInterface Interface { get; } = link;

    public DhcpScope? Scope { get; } = scope;

    public bool IsBootServerPort { get; } = isBootServerPort;

    public int Port { get; } = port;

    /// <summary>The index of the device the socket is bound to (a device created again gets a new one).</summary>
    public int BoundIndex => Volatile.Read(ref _boundIndex);

    /// <summary>While true the receive loop is opening a new socket, and the interface watch leaves this listener alone.</summary>
    public bool Reopening
    {
        get => Volatile.Read(ref _reopening) != 0;
        set => Volatile.Write(ref _reopening, value ? 1 : 0);
    }

    public void Replace(Socket next)
    {
        Volatile.Write(ref _boundIndex, DhcpSockets.BoundIndex(next));
        Interlocked.Exchange(ref _socket, next).Dispose();
    }
}
