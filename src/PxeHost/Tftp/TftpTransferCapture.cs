using System.Net;
using System.Net.Sockets;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// The packets of one transfer that its end event keeps for a capture file: the OACK, an ERROR either
/// way, the first DATA and the first ACK that moved the transfer on, the last DATA and the final ACK.
/// The blocks between and every retransmission are left out (the end event counts them): a boot's
/// capture shows how each transfer began and ended, not the file. A DATA keeps its header and the
/// first <see cref="DataBytesKept"/> bytes of its block. Not thread-safe: the transfer's one loop calls it.
/// </summary>
internal sealed class TftpTransferCapture(TimeProvider time, IPEndPoint client)
{
    /// <summary>Enough of a block to tell what the file is (an MZ or ELF header, a script's first line).</summary>
    public const int DataBytesKept = 64;

    private readonly List<UdpPacket> _packets = new(6);
    private IPEndPoint _local = new(IPAddress.Any, 0);
    private bool _optionAck;
    private bool _firstData;
    private bool _lastData;
    private bool _firstAck;

    public IReadOnlyList<UdpPacket> Packets => _packets;

    /// <summary>The transfer's own address and port (its TID, RFC 1350 §4) as the kernel bound and connected it.</summary>
    public void BoundTo(Socket socket) => _local = socket.LocalEndPoint as IPEndPoint ?? _local;

    /// <summary>An ERROR the server sent; the transfer ends with it.</summary>
    public void Sent(ReadOnlySpan<byte> datagram) => Add(_local, client, datagram, UdpPacket.MaxKept);

    /// <summary>The OACK, the first time only.</summary>
    public void OptionAck(ReadOnlySpan<byte> datagram)
    {
        if (!_optionAck)
        {
            _optionAck = true;
            Sent(datagram);
        }
    }

    /// <summary>A DATA sent: kept when it is the first block or the last, the first time each is sent.</summary>
    public void Data(long block, long lastBlock, ReadOnlySpan<byte> datagram)
    {
        var first = block == 1 && !_firstData;
        var last = block == lastBlock && !_lastData;
        if (first || last)
        {
            _firstData |= block == 1;
            _lastData |= block == lastBlock;
            Add(_local, client, datagram, TftpPacketCodec.DataHeaderLength + DataBytesKept);
        }
    }

    /// <summary>An ACK that moved the transfer on: kept when it is the first such or the final one.</summary>
    public void Ack(bool completes, ReadOnlySpan<byte> datagram)
    {
        if (!_firstAck || completes)
        {
            _firstAck = true;
            Received(datagram);
        }
    }

    /// <summary>What the client sent: an ERROR (a size probe's end, an abort), an ACK kept by <see cref="Ack"/>.</summary>
    public void Received(ReadOnlySpan<byte> datagram) => Add(client, _local, datagram, UdpPacket.MaxKept);

    private void Add(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> datagram, int keep) =>
        _packets.Add(UdpPacket.Of(time.GetUtcNow(), source, destination, datagram, keep));
}
