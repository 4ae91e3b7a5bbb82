using System.Net;
using System.Text;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Fuzz;

/// <summary>
/// Where each target's corpus starts: the golden captures of real firmware and OS clients (DHCP),
/// a port-4011 request built from one, the PXE vendor options the server sends, TFTP packets of
/// every opcode with the options PXE clients ask for, and boot plans (pxehost.yaml).
/// </summary>
public static class Seeds
{
    private static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, name);

    public static IReadOnlyList<byte[]> For(string target) => target switch
    {
        "dhcp" => Dhcp(),
        "pxe-vendor" => PxeVendor(),
        "tftp" or "tftp-negotiate" => Tftp(),
        "iso" => IsoSeeds.Build(),
        "config" => [.. Directory.GetFiles(Folder(Path.Combine("Seeds", "config"))).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)],
        _ => throw new ArgumentException($"no seeds for '{target}'", nameof(target)),
    };

    /// <summary>The captured DISCOVERs and REQUESTs (Captures/*.hex, one hex string per file).</summary>
    public static IReadOnlyList<byte[]> Dhcp() =>
        [.. Directory.GetFiles(Folder("Captures"), "*.hex").Order(StringComparer.Ordinal).Select(f => Convert.FromHexString(File.ReadAllText(f).Trim())), BootServerRequest()];

    /// <summary>
    /// What UEFI firmware sends to port 4011 after a proxy offer: its REQUEST with option 43 naming the
    /// boot item it wants (PXE 2.1 §2.2.5, suboption 71), built from the OVMF capture.
    /// </summary>
    public static byte[] BootServerRequest()
    {
        var request = Convert.FromHexString(File.ReadAllText(Path.Combine(Folder("Captures"), "ovmf-pxe-request.hex")).Trim());
        if (!DhcpMessageCodec.TryParse(request, out var message, out var error) || message is null)
        {
            throw new InvalidDataException($"the OVMF capture does not parse: {error}");
        }

        var item = PxeVendorOptionsCodec.ToOption(new PxeVendorOptions { BootItem = new PxeBootItem(0x8000, 0) });
        return DhcpMessageCodec.ToArray(message with { Options = [.. message.Options, item] });
    }

    public static IReadOnlyList<byte[]> PxeVendor() =>
    [
        PxeVendorOptionsCodec.ToArray(new PxeVendorOptions { DiscoveryControl = PxeDiscoveryControl.UseBootFileFromOffer }),
        PxeVendorOptionsCodec.ToArray(new PxeVendorOptions
        {
            DiscoveryControl = PxeDiscoveryControl.DisableBroadcastDiscovery | PxeDiscoveryControl.DisableMulticastDiscovery,
            BootServers = [new PxeBootServer(0x8000, [IPAddress.Parse("10.0.0.1")]), new PxeBootServer(0x8001, [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2")])],
            BootMenu = [new PxeBootMenuItem(0x8000, "Install Linux"), new PxeBootMenuItem(0, "Local disk")],
            MenuPrompt = new PxeMenuPrompt(5, "Press F8 for the menu"),
        }),
        PxeVendorOptionsCodec.ToArray(new PxeVendorOptions { BootItem = new PxeBootItem(0x8001, 0) }),
    ];

    public static IReadOnlyList<byte[]> Tftp() =>
    [
        Request(1, "pxelinux.0", "octet"),
        Request(1, "undionly.kpxe", "octet", "tsize", "0"),
        Request(1, "snponly.efi", "octet", "blksize", "1468", "tsize", "0"),
        Request(1, "boot/52-54-00-12-34-56.ipxe", "octet", "blksize", "1428", "windowsize", "16", "timeout", "1"),
        Request(1, "pxelinux.cfg/01-52-54-00-12-34-56", "netascii", "tsize", "0", "timeout", "5"),
        Request(2, "upload.bin", "octet"),
        [0, 3, 0, 1, .. Encoding.ASCII.GetBytes("data")],
        [0, 4, 0, 0],
        [0, 4, 0xFF, 0xFF],
        [0, 5, 0, 1, .. Encoding.ASCII.GetBytes("File not found"), 0],
        [0, 6, .. Encoding.ASCII.GetBytes("blksize"), 0, .. Encoding.ASCII.GetBytes("1468"), 0],
    ];

    private static byte[] Request(byte opcode, params string[] strings) =>
        [0, opcode, .. strings.SelectMany(s => Encoding.UTF8.GetBytes(s).Append((byte)0))];
}
