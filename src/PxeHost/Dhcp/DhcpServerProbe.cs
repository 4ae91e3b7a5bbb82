using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

/// <summary>
/// Looks for another DHCP server on a link before PxeHost serves full DHCP there: broadcasts one
/// DHCPDISCOVER from the client port, with the interface's own MAC and the broadcast bit, and
/// collects who offers within the timeout; the DISCOVER is repeated halfway, as a client would.
/// Nobody is sent a REQUEST, so no address is taken. The timeout must outlast the other server's
/// own checks: dnsmasq pings a new address for up to 3 s before it offers it. A DISCOVER that cannot be
/// sent (the link went down meanwhile) is logged and the probe goes on: it ran on a timer thread before,
/// where the exception ended the process.
/// </summary>
public static class DhcpServerProbe
{
    public static async Task<IReadOnlyList<string>> FindOtherServersAsync(
        LocalInterface link, int clientPort, int serverPort, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(logger);
        using var socket = DhcpSockets.Open(link.Name, clientPort);
        var transactionId = (uint)Random.Shared.Next();
        var discover = new DhcpMessage
        {
            ClientHardwareAddress = link.Mac.GetAddressBytes().Length == 6 ? link.Mac.GetAddressBytes() : new byte[] { 2, 0, 0, 0, 0, 1 },
            TransactionId = transactionId,
            Flags = DhcpMessage.BroadcastFlag,
            Options =
            [
                DhcpOption.FromMessageType(DhcpMessageType.Discover),
                DhcpOption.FromString(DhcpOptionCode.VendorClassIdentifier, "pxehost-probe"),
            ],
        };
        var datagram = DhcpMessageCodec.ToArray(discover);
        var destination = new IPEndPoint(IPAddress.Broadcast, serverPort);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await SendAsync(socket, datagram, destination, link, logger, TimeSpan.Zero, deadline.Token).ConfigureAwait(false);
        var again = SendAsync(socket, datagram, destination, link, logger, timeout / 2, deadline.Token);
        var found = new List<string>();
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), deadline.Token).ConfigureAwait(false);
                if (DhcpMessageCodec.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var reply, out _)
                    && reply!.Opcode == DhcpOpcode.BootReply && reply.TransactionId == transactionId)
                {
                    var source = ((IPEndPoint)result.RemoteEndPoint).Address;
                    var identifier = reply.GetAddress(DhcpOptionCode.ServerIdentifier);
                    var offered = IPAddress.Any.Equals(reply.YourAddress) ? "no address (a proxyDHCP server)" : $"offered {reply.YourAddress}";
                    var text = identifier is null || identifier.Equals(source) ? $"{source} ({offered})" : $"{source} (server identifier {identifier}, {offered})";
                    if (!found.Contains(text))
                    {
                        found.Add(text);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        await again.ConfigureAwait(false);
        return found;
    }

    /// <summary>Sends the DISCOVER after <paramref name="delay"/>; a socket error is logged, not thrown (the probe listens on).</summary>
    private static async Task SendAsync(Socket socket, byte[] datagram, IPEndPoint destination, LocalInterface link, ILogger logger, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            await socket.SendToAsync(datagram, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (SocketException e)
        {
            DhcpLog.ProbeSendFailed(logger, link.Name, e.Message);
        }
    }
}
