using System.Net.Sockets;

namespace PxeHost.Dhcp;

/// <summary>One bound socket: which interface, which port, and the scope of that interface's subnet.</summary>
internal sealed record DhcpListener(Socket Socket, LocalInterface Interface, DhcpScope? Scope, bool IsBootServerPort);
