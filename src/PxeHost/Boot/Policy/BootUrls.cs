using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Boot.Policy;

/// <summary>The URLs a client is handed for this server's HTTP side: files, and its per-client iPXE script.</summary>
public sealed class BootUrls(int httpPort)
{
    public int HttpPort { get; } = httpPort;

    public string HttpUrl(IPAddress server, string path) =>
        HttpPort == 80
            ? $"http://{server}/{path.TrimStart('/')}"
            : string.Create(CultureInfo.InvariantCulture, $"http://{server}:{HttpPort}/{path.TrimStart('/')}");

    /// <summary>The per-client iPXE script's URL: <c>http://SERVER[:PORT]/boot/52-54-00-12-34-56.ipxe</c>.</summary>
    public string ScriptUrl(PhysicalAddress mac, IPAddress server) => HttpUrl(server, $"boot/{MacPath(mac)}.ipxe");

    /// <summary>The script URL with the client's architecture, which the plan needs (memtest, local boot differ on UEFI).</summary>
    public string ScriptUrl(BootClient client, IPAddress server)
    {
        ArgumentNullException.ThrowIfNull(client);
        return HttpUrl(server, string.Create(CultureInfo.InvariantCulture, $"boot/{MacPath(client.Mac)}.ipxe?arch={(ushort)client.Architecture}"));
    }

    public static string MacPath(PhysicalAddress mac) =>
        Storage.MacAddressText.Format(mac ?? PhysicalAddress.None).Replace(':', '-');

    public static bool IsUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
