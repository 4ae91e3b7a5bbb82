using System.Net;
using System.Text;

namespace PxeHost.Boot;

/// <summary>iPXE scripts, as pure functions of what to boot and the server's address.</summary>
public static class IpxeScripts
{
    /// <summary>
    /// Quick mode: the kernel and initrds over HTTP. Each initrd is registered under its own name and
    /// named again on the kernel command line (<c>initrd=NAME</c>): on UEFI the kernel's EFI stub
    /// loads initrds by that name from iPXE's file system; on BIOS iPXE hands them over itself.
    /// </summary>
    public static string Quick(QuickBoot boot, Func<string, string> url)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(url);
        var text = new StringBuilder("#!ipxe\n");
        text.Append("echo PxeHost quick boot: ${mac} (${platform} ${buildarch})\n");
        var initrdNames = boot.Initrds.Select(Path.GetFileName).ToList();
        var commandLine = string.Join(' ', initrdNames.Select(n => $"initrd={n}").Append(boot.CommandLine).Where(s => s.Length > 0));
        text.Append($"kernel {url(QuickPath(0, boot.Kernel))} {commandLine}".TrimEnd()).Append('\n');
        for (var i = 0; i < boot.Initrds.Count; i++)
        {
            text.Append($"initrd --name {initrdNames[i]} {url(QuickPath(i + 1, boot.Initrds[i]))}\n");
        }

        text.Append("boot\n");
        return text.ToString();
    }

    /// <summary>Where quick mode's N-th file (0: the kernel) is served over HTTP.</summary>
    public static string QuickPath(int index, string file) => $"quick/{index}/{Path.GetFileName(file)}";

    /// <summary>For an iPXE client with nothing configured: say so on its console and hand back to the firmware.</summary>
    public static string NothingConfigured(string mac, string reason) =>
        "#!ipxe\n"
        + $"echo PxeHost: nothing to boot for {mac}: {reason}\n"
        + "echo Set --ipxe-script (a file under the TFTP root or a URL). Back to the firmware in 10 seconds.\n"
        + "sleep 10\n"
        + "exit 1\n";

    public static string UrlBase(IPAddress server, int port) => port == 80 ? $"http://{server}/" : $"http://{server}:{port}/";
}
