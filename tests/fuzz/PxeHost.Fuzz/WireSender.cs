using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PxeHost.Fuzz;

/// <summary>
/// Sends mutated datagrams to a running server, paced: DHCP captures to port 67 (broadcast on the
/// interface and unicast), the port-4011 request to 4011, TFTP packets to 69. Replies are not read;
/// the server must simply survive. Deterministic for a seed; prints what it sent.
/// </summary>
public sealed class WireSender(IPAddress server, string interfaceName, int rate, TextWriter log)
{
    // SO_BINDTODEVICE: 255.255.255.255 leaves by this interface, as a firmware's broadcast does.
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    /// <summary>The UDP payload limit: larger mutants are cut here.</summary>
    private const int MaxDatagram = 65507;

    public IDictionary<string, long> Sent { get; } = new SortedDictionary<string, long>(StringComparer.Ordinal);

    public void Run(int seed, int count)
    {
        var random = new Random(seed);
        var mutator = new Mutator(random, MaxDatagram);
        var dhcp = Seeds.Dhcp();
        byte[][] bootServer = [Seeds.BootServerRequest()];
        var tftp = Seeds.Tftp();
        using var broadcast = Open(broadcast: true);
        using var unicast = Open(broadcast: false);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var (name, socket, seeds, kind, destination) = random.Next(10) switch
            {
                < 2 => ("dhcp-broadcast", broadcast, dhcp, DatagramKind.Dhcp, new IPEndPoint(IPAddress.Broadcast, 67)),
                < 4 => ("dhcp-unicast", unicast, dhcp, DatagramKind.Dhcp, new IPEndPoint(server, 67)),
                < 6 => ("boot-server-4011", unicast, bootServer, DatagramKind.Dhcp, new IPEndPoint(server, 4011)),
                _ => ("tftp", unicast, tftp, DatagramKind.Tftp, new IPEndPoint(server, 69)),
            };
            var datagram = mutator.Mutate(seeds[random.Next(seeds.Count)], kind);
            socket.SendTo(datagram, destination);
            Sent[name] = Sent.TryGetValue(name, out var sent) ? sent + 1 : 1;
            Pace(clock, i + 1);
        }

        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"sent {count} mutated datagrams in {clock.Elapsed.TotalSeconds:F1} s (seed {seed}, {rate}/s):");
        foreach (var (name, sent) in Sent)
        {
            summary.Append(CultureInfo.InvariantCulture, $" {name} {sent}");
        }

        log.WriteLine(summary.ToString());
    }

    /// <summary>Holds the send rate: a paced load generator, not a test waiting for something.</summary>
    private void Pace(Stopwatch clock, int sent)
    {
        var due = TimeSpan.FromSeconds((double)sent / rate);
        if (due - clock.Elapsed is { TotalMilliseconds: > 5 } ahead)
        {
            Thread.Sleep(ahead);
        }
    }

    private Socket Open(bool broadcast)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.EnableBroadcast = broadcast;
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            socket.SendBufferSize = 1 << 20;
            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
