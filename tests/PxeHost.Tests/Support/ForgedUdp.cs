using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PxeHost.Tests.Support;

/// <summary>
/// Sends a UDP datagram over loopback with a source a normal socket cannot have (port 0, the loopback
/// broadcast address), through a raw socket that writes its own IP header (IPPROTO_RAW; the tests run as
/// root). Packets looped back keep their output route, so the kernel delivers them without a source check.
/// </summary>
public static class ForgedUdp
{
    /// <summary>127.255.255.255: the loopback network's broadcast address; a reply to it fails with EACCES.</summary>
    public static IPAddress LoopbackBroadcast { get; } = IPAddress.Parse("127.255.255.255");

    public static void Send(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var packet = new byte[20 + 8 + payload.Length];
        packet[0] = 0x45; // IPv4, a 20-byte header
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64; // TTL
        packet[9] = (byte)ProtocolType.Udp;
        source.Address.TryWriteBytes(packet.AsSpan(12, 4), out _);
        destination.Address.TryWriteBytes(packet.AsSpan(16, 4), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(packet.AsSpan(28)); // UDP checksum 0: none (RFC 768); the kernel fills the IP checksum

        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
        raw.SendTo(packet, new IPEndPoint(destination.Address, 0));
    }
}
