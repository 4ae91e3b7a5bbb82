using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Boot.Plan;

/// <summary>One plan for the resolver, boot-file and planner tests: each rule has a machine that shows it.</summary>
internal static class TestPlans
{
    public static readonly IPAddress Server = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress ClientIp = IPAddress.Parse("10.0.0.77");

    /// <summary>Boots the <c>linux</c> profile; loader left to the default (iPXE).</summary>
    public static readonly PhysicalAddress Web = DhcpCaptures.Mac("52:54:00:12:34:56");

    /// <summary>Boots the <c>linux</c> profile once, then the local disk.</summary>
    public static readonly PhysicalAddress Installer = DhcpCaptures.Mac("52:54:00:12:34:57");

    /// <summary>Listed with a host name but no boot: gets the default when there is one.</summary>
    public static readonly PhysicalAddress Nameless = DhcpCaptures.Mac("52:54:00:12:34:58");

    /// <summary>Boots memtest with PXELINUX.</summary>
    public static readonly PhysicalAddress Tester = DhcpCaptures.Mac("52:54:00:12:34:59");

    /// <summary>Boots the <c>chain</c> profile with GRUB.</summary>
    public static readonly PhysicalAddress Chainer = DhcpCaptures.Mac("52:54:00:12:34:5a");

    /// <summary>Boots the local disk with GRUB.</summary>
    public static readonly PhysicalAddress Disk = DhcpCaptures.Mac("52:54:00:12:34:5b");

    /// <summary>In no machine entry.</summary>
    public static readonly PhysicalAddress Stranger = DhcpCaptures.Mac("52:54:00:ff:ff:ff");

    /// <summary>Known by SMBIOS UUID only: boots the <c>main</c> menu with PXELINUX.</summary>
    public static readonly Guid LabUuid = Guid.Parse("8b1c7a52-3c1f-4f6e-9d0b-2a4c6e8f0a1b");

    public static BootProfile Linux { get; } = new()
    {
        Name = "linux",
        Title = "Debian 12",
        Kernel = "/srv/images/debian/vmlinuz",
        Initrds = ["initrd/base.img", "http://mirror.example/extra.img"],
        CommandLine = "ip=${ip} host=${hostname} mac=${mac} srv=${server} url=${http}/preseed.cfg keep=${unknown}",
    };

    /// <summary>
    /// Profiles linux, disk, memtest, chain; menus <c>main</c> (default disk, 5 s) and <c>plain</c>
    /// (no default, waits forever); the machines above. No default boot unless one is given.
    /// </summary>
    public static BootPlanSet Create(string? defaultBoot = null, BootLoader defaultLoader = BootLoader.Ipxe) => new()
    {
        Profiles = new Dictionary<string, BootProfile>
        {
            ["linux"] = Linux,
            ["disk"] = new() { Name = "disk", Title = "Local disk", Kind = ProfileKind.LocalDisk },
            ["memtest"] = new() { Name = "memtest", Title = "Memory test", Kind = ProfileKind.Memtest },
            ["chain"] = new() { Name = "chain", Title = "Next loader", Kind = ProfileKind.Chain, ChainTarget = "chain/next.0" },
        },
        Menus = new Dictionary<string, BootMenu>
        {
            ["main"] = new() { Name = "main", Title = "Lab menu", Entries = ["linux", "disk", "memtest"], Default = "disk", Timeout = TimeSpan.FromSeconds(5) },
            ["plain"] = new() { Name = "plain", Title = "Plain menu", Entries = ["disk", "linux"], Timeout = null },
        },
        Machines =
        [
            new() { Mac = Web, Hostname = "web1", Boot = "linux" },
            new() { Mac = Installer, Boot = "linux", Once = true },
            new() { Mac = Nameless, Hostname = "spare" },
            new() { Mac = Tester, Boot = "memtest", Loader = BootLoader.Pxelinux },
            new() { Mac = Chainer, Boot = "chain", Loader = BootLoader.Grub },
            new() { Mac = Disk, Boot = "disk", Loader = BootLoader.Grub },
            new() { Uuid = LabUuid, Boot = "main", Loader = BootLoader.Pxelinux },
        ],
        DefaultBoot = defaultBoot,
        DefaultLoader = defaultLoader,
    };

    public static BootClient Client(PhysicalAddress mac, ClientArchitecture architecture = ClientArchitecture.IntelX86Bios, Guid? uuid = null, FirmwareStage stage = FirmwareStage.Firmware) =>
        new(mac, uuid, architecture, stage, null);
}
