using Microsoft.Extensions.Logging.Console;

namespace PxeHost.Hosting;

/// <summary>Settings of <see cref="ConsoleLineFormatter"/>.</summary>
public sealed class ConsoleLineOptions : ConsoleFormatterOptions
{
    /// <summary>Adds the logger's category and event id (<c>PxeHost.Dhcp.DhcpServer[1001]</c>): for --log-level Debug, where the source matters.</summary>
    public bool ShowCategory { get; set; }
}
