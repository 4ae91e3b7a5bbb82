using System.Net.Sockets;

namespace PxeHost.Tftp;

/// <summary>
/// UDP generic segmentation offload (Linux UDP_SEGMENT, 4.18+): one send of several equal-sized
/// DATA packets laid end to end, split into datagrams by the kernel or the NIC. A window of blocks
/// then costs one trip through the network stack instead of one per block.
/// </summary>
internal static class UdpSegmentation
{
    private const int UdpProtocolLevel = 17;
    private const int UdpSegmentOption = 103;

    /// <summary>The kernel's limit on segments per send (UDP_MAX_SEGMENTS).</summary>
    private const int MaxSegments = 64;

    /// <summary>A super-packet must fit one IP datagram's length field.</summary>
    private const int MaxBytesPerSend = 65000;

    /// <summary>
    /// Turns segmentation on for datagrams of <paramref name="segmentSize"/> bytes and returns how many
    /// fit one send; 1 when it is off (not worth it for large blocks, or not supported).
    /// </summary>
    public static int Enable(Socket socket, int segmentSize)
    {
        var perSend = Math.Min(MaxSegments, MaxBytesPerSend / segmentSize);
        if (perSend < 2)
        {
            return 1;
        }

        try
        {
            socket.SetRawSocketOption(UdpProtocolLevel, UdpSegmentOption, BitConverter.GetBytes(segmentSize));
            return perSend;
        }
        catch (SocketException)
        {
            return 1;
        }
    }
}
