using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Dhcp;
using PxeHost.Hosting;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Hosting;

/// <summary>
/// explain answers exactly what serve sends: one set of options composes a real server on "lo" and
/// an explainer; for a reserved and an unreserved machine, as BIOS, UEFI, HTTP Boot and iPXE, the
/// server's OFFER to the DISCOVER explain describes equals explain's reply, header and option by option.
/// </summary>
public sealed class ExplainMatchesServerTests
{
    private static readonly PhysicalAddress Reserved = DhcpCaptures.Mac("52:54:00:00:00:0a");
    private static readonly PhysicalAddress Unreserved = DhcpCaptures.Mac("52:54:00:00:00:0b");

    public static TheoryData<string, ClientArchitecture, bool> Clients() => new()
    {
        { "reserved", ClientArchitecture.IntelX86Bios, false },
        { "reserved", ClientArchitecture.EfiBc, false },
        { "reserved", ClientArchitecture.EfiX64Http, false },
        { "reserved", ClientArchitecture.IntelX86Bios, true },
        { "unreserved", ClientArchitecture.IntelX86Bios, false },
        { "unreserved", ClientArchitecture.EfiBc, false },
        { "unreserved", ClientArchitecture.EfiX64Http, false },
        { "unreserved", ClientArchitecture.EfiBc, true },
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Explain_reply_equals_the_servers_reply(string machine, ClientArchitecture architecture, bool ipxe)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Any, 0));
        var options = Options(((IPEndPoint)client.LocalEndPoint!).Port, out var dataDirectory);
        var mac = machine == "reserved" ? Reserved : Unreserved;
        var discover = BootExplainer.Discover(mac, architecture, ipxe, relay: null);
        var server = IPAddress.Loopback;
        using var explainer = new BootExplainer(options);
        var explained = (await explainer.ReplyAsync(discover, server, CancellationToken.None)).Reply;
        Assert.NotNull(explained);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPxeHost(options);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<DhcpServer>().Listening;
            await client.SendToAsync(DhcpMessageCodec.ToArray(discover), new IPEndPoint(server, options.Dhcp!.ServerPort));
            var served = await ReceiveAsync(client);

            Assert.Equal(DhcpMessageType.Offer, served.MessageType);
            Assert.Equal(machine == "reserved" ? IPAddress.Parse("127.0.0.60") : IPAddress.Parse("127.0.0.100"), served.YourAddress);
            Assert.Equal(Header(explained!), Header(served));
            Assert.Equal(OptionsOf(explained!), OptionsOf(served));
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static PxeHostOptions Options(int clientPort, out string dataDirectory)
    {
        dataDirectory = Directory.CreateTempSubdirectory("pxh-explain-").FullName;
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new IPEndPoint(IPAddress.Any, 0));
        second.Bind(new IPEndPoint(IPAddress.Any, 0));
        var scope = new DhcpScope
        {
            Network = IPAddress.Parse("127.0.0.0"),
            PrefixLength = 8,
            Ranges = [new DhcpRange(IPAddress.Parse("127.0.0.100"), IPAddress.Parse("127.0.0.150"))],
            Routers = [IPAddress.Parse("127.0.0.1")],
            DnsServers = [IPAddress.Parse("127.0.0.53")],
            NtpServers = [IPAddress.Parse("127.0.0.123")],
            DomainName = "lab.example",
            Mtu = 1400,
            LeaseTime = TimeSpan.FromMinutes(20),
            Reservations = [new DhcpReservation(Reserved, IPAddress.Parse("127.0.0.60"), "web1")],
        };
        var dhcp = new DhcpServerOptions
        {
            Mode = DhcpMode.Full,
            Interfaces = ["lo"],
            Scopes = [scope],
            DataDirectory = dataDirectory,
            ServerPort = ((IPEndPoint)first.LocalEndPoint!).Port,
            BootServerPort = ((IPEndPoint)second.LocalEndPoint!).Port,
            ClientPort = clientPort,
            ProbeForOtherServers = false,
        };
        return new PxeHostOptions
        {
            Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 },
            Dhcp = dhcp,
            HttpPort = 8080,
            Boot = new BootOptions { BiosBootFile = "custom/undionly.kpxe", UefiBootFile = "custom/snponly.efi", IpxeScript = "menus/boot.ipxe" },
            DataDirectory = dataDirectory,
        };
    }

    private static (IPAddress YourAddress, IPAddress ServerAddress, string ServerName, string BootFile, ushort Flags, uint TransactionId) Header(DhcpMessage message) =>
        (message.YourAddress, message.ServerAddress, message.ServerName, message.BootFileName, message.Flags, message.TransactionId);

    private static List<string> OptionsOf(DhcpMessage message) =>
        message.Options.Select(o => $"{(byte)o.Code}={Convert.ToHexString(o.Value.Span)}").ToList();

    private static async Task<DhcpMessage> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[2048];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), deadline.Token);
        Assert.True(DhcpMessageCodec.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var message, out var error), error.ToString());
        return message!;
    }
}
