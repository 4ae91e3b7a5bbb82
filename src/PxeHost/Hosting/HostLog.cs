using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Unix;

namespace PxeHost.Hosting;

/// <summary>What the process says about itself at start.</summary>
internal static partial class HostLog
{
    /// <summary>Who reads the served files and which privileges are left: an admin's first question when a file is refused.</summary>
    [LoggerMessage(EventId = LogEventIds.Hosting.RunningAs, Level = LogLevel.Information, Message = "running as {User} with capabilities {Capabilities}")]
    public static partial void RunningAs(ILogger logger, UnixAccount user, ProcessCapabilities capabilities);
}
