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
        text.Append($"kernel {url(QuickPath(0, boot.Kernel))} {QuickCommandLine(boot)}".TrimEnd()).Append('\n');
        for (var i = 0; i < boot.Initrds.Count; i++)
        {
            text.Append($"initrd --name {initrdNames[i]} {url(QuickPath(i + 1, boot.Initrds[i]))}\n");
        }

        text.Append("boot\n");
        return text.ToString();
    }

    /// <summary>The kernel's command line in quick mode: <c>initrd=NAME</c> for each initrd, then the one given.</summary>
    public static string QuickCommandLine(QuickBoot boot)
    {
        ArgumentNullException.ThrowIfNull(boot);
        return string.Join(' ', boot.Initrds.Select(i => $"initrd={Path.GetFileName(i)}").Append(boot.CommandLine).Where(s => s.Length > 0));
    }

    /// <summary>
    /// What quick mode serves, one line each, for the admin to read at start: the kernel and every initrd with
    /// the URLs and TFTP names they are published under, and the command line the kernel gets.
    /// </summary>
    public static IReadOnlyList<string> DescribeQuick(QuickBoot boot, IReadOnlyList<IPAddress> servers, int httpPort)
    {
        ArgumentNullException.ThrowIfNull(boot);
        ArgumentNullException.ThrowIfNull(servers);
        string Where(int index, string file) =>
            string.Join(", ", servers.Select(s => UrlBase(s, httpPort) + QuickPath(index, file))) + $" (TFTP {QuickPath(index, file)})";
        var lines = new List<string> { $"kernel {boot.Kernel} at {Where(0, boot.Kernel)}" };
        lines.AddRange(boot.Initrds.Select((initrd, i) => $"initrd {initrd} at {Where(i + 1, initrd)}"));
        lines.Add($"cmdline {QuickCommandLine(boot)}");
        return lines;
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
