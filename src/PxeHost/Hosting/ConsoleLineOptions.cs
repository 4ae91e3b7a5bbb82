using Microsoft.Extensions.Logging.Console;

namespace PxeHost.Hosting;

/// <summary>Settings of <see cref="ConsoleLineFormatter"/>.</summary>
public sealed class ConsoleLineOptions : ConsoleFormatterOptions
{
    /// <summary>Adds the logger's category and event id (<c>PxeHost.Dhcp.DhcpServer[1001]</c>): for --log-level Debug, where the source matters.</summary>
    public bool ShowCategory { get; set; }

    /// <summary>
    /// Starts each line with its syslog priority ("&lt;4&gt;" for a warning), which journald keeps as the entry's
    /// priority (sd-daemon(3)): <c>journalctl -p warning</c> then finds PxeHost's warnings. For output to the journal only.
    /// </summary>
    public bool SyslogPriority { get; set; }
}
