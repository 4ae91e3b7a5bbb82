using System.Net.Sockets;

namespace PxeHost.Doctor;

/// <summary>A port the server will listen on: the protocol, the number, what serves there and the flag that moves it (null: none).</summary>
public sealed record ListenPort(ProtocolType Protocol, int Port, string Service, string? Flag)
{
    public override string ToString() => $"{(Protocol == ProtocolType.Tcp ? "TCP" : "UDP")} port {Port} ({Service})";
}
