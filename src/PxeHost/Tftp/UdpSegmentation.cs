using System.Net.Sockets;

namespace PxeHost.Tftp;

/// <summary>
/// UDP generic segmentation offload (Linux UDP_SEGMENT, 4.18+) for one transfer's connected socket:
/// one send of several equal-sized DATA packets laid end to end, split into datagrams by the kernel
/// or the NIC. A window of blocks then costs one trip through the network stack instead of one per
/// block. Used only when a segment fits the route's MTU (the kernel refuses every GSO send whose
/// segments would need IP fragmentation); when the kernel refuses a send anyway, segmentation is
/// turned off for the transfer and the same packets go one datagram each.
/// </summary>
internal sealed class UdpSegmentation
{
    private const int UdpProtocolLevel = 17;
    private const int UdpSegmentOption = 103;
    private const int IpProtocolLevel = 0;
    private const int IpMtuOption = 14;

    /// <summary>IPv4 header without options plus the UDP header, in front of every segment.</summary>
    private const int IpUdpHeaderLength = 20 + 8;

    /// <summary>The kernel's limit on segments per send (UDP_MAX_SEGMENTS).</summary>
    private const int MaxSegments = 64;

    /// <summary>A super-packet must fit one IP datagram's length field.</summary>
    private const int MaxBytesPerSend = 65000;

    /// <summary>errno EIO: what the kernel answers a GSO send it cannot offload (an xfrm route).</summary>
    private const int InputOutputError = 5;

    private readonly Socket _socket;
    private readonly int _segmentSize;

    private UdpSegmentation(Socket socket, int segmentSize, int segmentsPerSend)
    {
        _socket = socket;
        _segmentSize = segmentSize;
        SegmentsPerSend = segmentsPerSend;
    }

    /// <summary>How many segments one <see cref="Send"/> may carry; 1 when segmentation is off.</summary>
    public int SegmentsPerSend { get; private set; }

    /// <summary>
    /// Turns segmentation on for datagrams of <paramref name="segmentSize"/> bytes (a DATA header and
    /// a block) when a window of <paramref name="windowSize"/> is worth it and a segment fits the MTU
    /// of the route to the connected peer.
    /// </summary>
    public static UdpSegmentation Enable(Socket socket, int segmentSize, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var perSend = windowSize > 1 ? Math.Min(windowSize, SegmentsPerSendFor(segmentSize, PathMtu(socket))) : 1;
        if (perSend < 2)
        {
            return new UdpSegmentation(socket, segmentSize, 1);
        }

        try
        {
            socket.SetRawSocketOption(UdpProtocolLevel, UdpSegmentOption, BitConverter.GetBytes(segmentSize));
            return new UdpSegmentation(socket, segmentSize, perSend);
        }
        catch (SocketException)
        {
            // Older kernels (before 4.18) do not know the option: send one datagram per packet.
            return new UdpSegmentation(socket, segmentSize, 1);
        }
    }

    /// <summary>
    /// How many segments of <paramref name="segmentSize"/> bytes one send may carry on a route whose
    /// MTU is <paramref name="pathMtu"/> (null: unknown); 1 means no segmentation.
    /// </summary>
    public static int SegmentsPerSendFor(int segmentSize, int? pathMtu)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentSize);
        if (pathMtu is not { } mtu || IpUdpHeaderLength + segmentSize > mtu)
        {
            return 1;
        }

        return Math.Max(1, Math.Min(MaxSegments, MaxBytesPerSend / segmentSize));
    }

    /// <summary>
    /// Sends packets laid end to end: every one <see cref="_segmentSize"/> bytes but the last, which
    /// may be shorter. A refused segmented send is sent again one datagram per packet, and later sends
    /// go that way too.
    /// </summary>
    public void Send(ReadOnlySpan<byte> packets)
    {
        if (SegmentsPerSend > 1 && packets.Length > _segmentSize)
        {
            try
            {
                _socket.Send(packets);
                return;
            }
            catch (SocketException e) when (IsRefusal(e))
            {
                // The route changed under the transfer (a smaller MTU) or cannot offload: the
                // kernel sent nothing, so the same packets go again unsegmented.
                TurnOff();
            }
        }

        while (packets.Length > 0)
        {
            var length = Math.Min(_segmentSize, packets.Length);
            _socket.Send(packets[..length]);
            packets = packets[length..];
        }
    }

    private void TurnOff()
    {
        SegmentsPerSend = 1;
        _socket.SetRawSocketOption(UdpProtocolLevel, UdpSegmentOption, BitConverter.GetBytes(0));
    }

    private static bool IsRefusal(SocketException e) => e.SocketErrorCode is SocketError.MessageSize or SocketError.InvalidArgument
        or SocketError.OperationNotSupported or SocketError.ProtocolOption || e.NativeErrorCode == InputOutputError;

    /// <summary>The MTU of the route to the connected peer (IP_MTU), or null when the kernel does not say.</summary>
    private static int? PathMtu(Socket socket)
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        try
        {
            return socket.GetRawSocketOption(IpProtocolLevel, IpMtuOption, value) == sizeof(int)
                ? BitConverter.ToInt32(value)
                : null;
        }
        catch (SocketException)
        {
            // Not connected, or no route yet: without the MTU, segmentation could be refused on every send.
            return null;
        }
    }
}
