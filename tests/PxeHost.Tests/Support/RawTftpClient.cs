using System.Net;
using System.Net.Sockets;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tests.Support;

/// <summary>A TFTP client that sends exactly what a test says, to probe the server's edge cases.</summary>
/// <param name="local">The loopback address to send from; 127.0.0.1 by default.</param>
public sealed class RawTftpClient(IPAddress? local = null) : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(local ?? IPAddress.Loopback, 0));

    /// <summary>The server's transfer endpoint, learned from its first reply.</summary>
    public IPEndPoint? Transfer { get; private set; }

    /// <summary>The client's own endpoint: its transfer id (RFC 1350 §4).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public void Send(TftpPacket packet, IPEndPoint to) => _udp.Send(TftpPacketCodec.ToArray(packet), to);

    public void SendRaw(byte[] datagram, IPEndPoint to) => _udp.Send(datagram, to);

    public void Ack(ushort block) => Send(new TftpAckPacket(block), Transfer!);

    public void RequestRead(IPEndPoint server, string file, params TftpOption[] options) =>
        Send(new TftpRequestPacket(TftpOpcode.ReadRequest, file, "octet", options), server);

    public async Task<TftpPacket> ReceiveAsync(TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        var result = await _udp.ReceiveAsync(timeout.Token);
        Transfer ??= result.RemoteEndPoint;
        Assert.True(TftpPacketCodec.TryParse(result.Buffer, out var packet, out var error), $"server sent a malformed packet: {error}");
        return packet!;
    }

    public async Task<TftpDataPacket> ReceiveDataAsync()
    {
        var packet = await ReceiveAsync();
        return Assert.IsType<TftpDataPacket>(packet);
    }

    public void Dispose() => _udp.Dispose();
}
