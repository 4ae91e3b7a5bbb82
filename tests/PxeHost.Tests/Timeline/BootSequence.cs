using System.Net;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;
using PxeHost.Timeline;

namespace PxeHost.Tests.Timeline;

/// <summary>
/// A machine's boot as the protocol services publish it: real boot events, in order, a few
/// milliseconds apart, as a recording of a UEFI or BIOS client would show them.
/// </summary>
public sealed class BootSequence(string mac = "52:54:00:12:34:56", DateTimeOffset? start = null)
{
    public static readonly IPAddress Client = IPAddress.Parse("10.99.0.100");

    /// <summary>This server: the server identifier (option 54) of its answers.</summary>
    public static readonly IPAddress Server = IPAddress.Parse("10.99.0.1");

    private readonly List<BootEvent> _events = [];
    private DateTimeOffset _now = start ?? new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<BootEvent> Events => _events;

    public System.Net.NetworkInformation.PhysicalAddress Mac { get; } = DhcpCaptures.Mac(mac);

    public IReadOnlyList<TimelineStep> Steps => [.. _events.Select(e => TimelineSteps.From(e)!)];

    public BootSequence Wait(TimeSpan gap)
    {
        _now += gap;
        return this;
    }

    public BootSequence Discover(ClientArchitecture arch = ClientArchitecture.EfiX64, FirmwareStage stage = FirmwareStage.Firmware) =>
        Add(new DhcpRequestReceived
        {
            Request = DhcpMessageType.Discover,
            Interface = "br0",
            Architecture = arch,
            VendorClass = $"PXEClient:Arch:{(int)arch:00000}:UNDI:003016",
            Stage = stage,
        });

    /// <summary>The client's REQUEST for the offer of <paramref name="server"/> (option 54).</summary>
    public BootSequence Request(IPAddress server, FirmwareStage stage = FirmwareStage.Firmware) =>
        Add(new DhcpRequestReceived { Request = DhcpMessageType.Request, Interface = "br0", Stage = stage, ServerIdentifier = server });

    /// <summary>A DHCP REQUEST, as a proxy sees the one the client sends the network's DHCP server.</summary>
    public BootSequence Request(ClientArchitecture arch = ClientArchitecture.EfiX64, FirmwareStage stage = FirmwareStage.Firmware) =>
        Add(new DhcpRequestReceived
        {
            Request = DhcpMessageType.Request,
            Interface = "br0",
            Architecture = arch,
            VendorClass = $"PXEClient:Arch:{(int)arch:00000}:UNDI:003016",
            Stage = stage,
        });

    /// <summary>A proxyDHCP offer: boot information, no address.</summary>
    public BootSequence ProxyOffer(string? bootFile) => Add(Answer(DhcpMessageType.Discover, DhcpMessageType.Offer, null, bootFile, "proxy offer"));

    public BootSequence Offer(string bootFile) => Add(Answer(DhcpMessageType.Discover, DhcpMessageType.Offer, Client, bootFile, "offered from pool"));

    public BootSequence Ack(string bootFile) => Add(Answer(DhcpMessageType.Request, DhcpMessageType.Ack, Client, bootFile, "granted"));

    public BootSequence BootServer(string bootFile)
    {
        Add(new BootServerRequestReceived(new DhcpRequestReceived { Request = DhcpMessageType.Request, Interface = "br0", ClientIp = Client, Stage = FirmwareStage.Firmware }));
        return Add(new BootServerAnswered(Answer(DhcpMessageType.Request, DhcpMessageType.Ack, null, bootFile, "boot server")));
    }

    public BootSequence NotAnswered(string reason, bool routine = false, DhcpMessageType request = DhcpMessageType.Discover) =>
        Add(new DhcpNotAnswered { Request = request, Interface = "br0", Reason = reason, Routine = routine });

    /// <summary>UEFI's size probe: tsize asked, the OACK told the size, the client ended the transfer.</summary>
    public BootSequence SizeProbe(string file, long size)
    {
        Add(new TftpTransferStarted { ClientIp = Client, ClientPort = 1001, File = file, Mode = "octet", Options = [new TftpOption("tsize", "0")] });
        return Add(Ended(file, TftpTransferOutcome.SizeProbe, 0, size));
    }

    public BootSequence Tftp(string file, long size, int retransmits = 0, double seconds = 0.2)
    {
        Add(new TftpTransferStarted { ClientIp = Client, ClientPort = 1002, File = file, Mode = "octet", Options = [new TftpOption("blksize", "1468")] });
        Add(new TftpTransferProgress { ClientIp = Client, ClientPort = 1002, File = file, Bytes = size / 2, Size = size });
        return Add(Ended(file, TftpTransferOutcome.Completed, size, size) with { Retransmits = retransmits, BlockSize = 1468, Duration = TimeSpan.FromSeconds(seconds) });
    }

    public BootSequence TftpRefused(string file, string reason)
    {
        Add(new TftpTransferStarted { ClientIp = Client, ClientPort = 1003, File = file, Mode = "octet" });
        return Add(Ended(file, TftpTransferOutcome.Refused, 0, null) with { Reason = reason });
    }

    public BootSequence Http(string path, int status = 200, long bytes = 1000)
    {
        Add(new HttpRequestStarted { ClientIp = Client, Method = "GET", Path = path });
        return Add(new HttpRequestEnded { ClientIp = Client, Method = "GET", Path = path, Status = status, Bytes = bytes, Duration = TimeSpan.FromMilliseconds(30) });
    }

    private static TftpTransferEnded Ended(string file, TftpTransferOutcome outcome, long bytes, long? size) => new()
    {
        ClientIp = Client, ClientPort = 1000, File = file, Outcome = outcome, Bytes = bytes, Size = size, BlockSize = 512,
    };

    private static DhcpAnswered Answer(DhcpMessageType request, DhcpMessageType reply, IPAddress? offered, string? bootFile, string reason) => new()
    {
        Request = request,
        Interface = "br0",
        Reply = reply,
        Offered = offered,
        BootFile = bootFile,
        Reason = reason,
        Rule = "broadcast, port 68",
        Destination = new IPEndPoint(IPAddress.Broadcast, 68),
        ServerIdentifier = Server,
    };

    private BootSequence Add(BootEvent boot)
    {
        _now += TimeSpan.FromMilliseconds(7);
        _events.Add(boot with { Time = _now, Mac = boot.Mac ?? Mac });
        return this;
    }
}
