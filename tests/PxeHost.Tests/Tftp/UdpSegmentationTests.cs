using System.Net;
using System.Net.Sockets;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>
/// Segmentation offload only when a segment fits the route's MTU, and a send the kernel refuses is
/// sent again one datagram per packet. The sockets are real, on loopback.
/// </summary>
public sealed class UdpSegmentationTests
{
    private const int SocketLevel = 1;
    private const int NoChecksumOption = 11;

    [Theory]
    [InlineData(4 + 1468, 1500, 44)] // 28 + 1472 = 1500: fits exactly
    [InlineData(4 + 1469, 1500, 1)]
    [InlineData(4 + 4096, 1500, 1)] // blksize 4096 on Ethernet
    [InlineData(4 + 1468, 1450, 1)] // blksize 1468 on a VXLAN link
    [InlineData(4 + 1418, 1450, 45)]
    [InlineData(4 + 4096, 9000, 15)]
    [InlineData(4 + 512, 65535, 64)] // the kernel's limit on segments per send
    [InlineData(4 + 65464, 65535, 1)] // one segment fills a send
    [InlineData(4 + 512, null, 1)] // MTU unknown
    public void Segments_are_used_only_when_one_fits_the_path_mtu(int segmentSize, int? pathMtu, int expected)
    {
        Assert.Equal(expected, UdpSegmentation.SegmentsPerSendFor(segmentSize, pathMtu));
    }

    [Fact]
    public void On_loopback_a_window_is_sent_in_one_segmented_send_and_lockstep_is_not()
    {
        using var receiver = Receiver();
        using var sender = ConnectedSender(receiver);
        Assert.Equal(8, UdpSegmentation.Enable(sender, 516, windowSize: 8).SegmentsPerSend);
        Assert.Equal(1, UdpSegmentation.Enable(sender, 516, windowSize: 1).SegmentsPerSend);
    }

    [Fact]
    public void A_segmented_send_the_kernel_refuses_goes_again_one_datagram_per_packet()
    {
        using var receiver = Receiver();
        using var sender = ConnectedSender(receiver);
        var segmentation = UdpSegmentation.Enable(sender, 516, windowSize: 8);
        Assert.Equal(8, segmentation.SegmentsPerSend);

        // With UDP checksums off (SO_NO_CHECK) Linux refuses every segmented send with EINVAL.
        sender.SetRawSocketOption(SocketLevel, NoChecksumOption, BitConverter.GetBytes(1));
        var packets = TftpServerHarness.RandomBytes(516 + 516 + 100);
        segmentation.Send(packets);
        segmentation.Send(packets.AsSpan(0, 516 + 516));

        Assert.Equal(1, segmentation.SegmentsPerSend);
        var buffer = new byte[65536];
        int[] expected = [516, 516, 100, 516, 516];
        var offset = 0;
        foreach (var length in expected)
        {
            var received = receiver.Receive(buffer);
            Assert.Equal(length, received);
            Assert.Equal(packets.AsSpan(offset % packets.Length, length).ToArray(), buffer.AsSpan(0, received).ToArray());
            offset = offset + length == packets.Length ? 0 : offset + length;
        }
    }

    private static Socket Receiver()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static Socket ConnectedSender(Socket receiver)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Connect(receiver.LocalEndPoint!);
        return socket;
    }
}
