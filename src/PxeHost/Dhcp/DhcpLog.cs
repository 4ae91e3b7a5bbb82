using System.Net;
using Microsoft.Extensions.Logging;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

/// <summary>DHCP log messages; event ids 1xxx (full DHCP) and 2xxx (proxyDHCP and port 4011).</summary>
internal static partial class DhcpLog
{
    [LoggerMessage(1000, LogLevel.Information, "DHCP ({Mode}) listening on {Interface} ({Address}/{Prefix}), port {Port} and PXE boot server port {BootServerPort}")]
    public static partial void Listening(ILogger logger, DhcpMode mode, string @interface, IPAddress address, int prefix, int port, int bootServerPort);

    [LoggerMessage(1001, LogLevel.Information, "dhcp {Mac} {Request} on {Interface}{Relay}: {Reply} {Address}{Boot} ({Reason}; {Rule})")]
    public static partial void Replied(ILogger logger, string mac, DhcpMessageType? request, string @interface, string relay,
        DhcpMessageType? reply, string address, string boot, string reason, string rule);

    [LoggerMessage(1002, LogLevel.Information, "dhcp {Mac} {Request} on {Interface}{Relay}: no reply ({Reason})")]
    public static partial void NoReply(ILogger logger, string mac, DhcpMessageType? request, string @interface, string relay, string reason);

    [LoggerMessage(1012, LogLevel.Debug, "dhcp {Mac} {Request} on {Interface}{Relay}: not for this server ({Reason})")]
    public static partial void NotOurs(ILogger logger, string mac, DhcpMessageType? request, string @interface, string relay, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "dhcp malformed datagram from {Source} on {Interface} dropped: {Error}")]
    public static partial void Malformed(ILogger logger, IPEndPoint source, string @interface, DhcpParseError error);

    [LoggerMessage(1004, LogLevel.Error, "dhcp {Mac}: lease not stored, {Reply} not sent: {Reason}")]
    public static partial void SaveFailed(ILogger logger, string mac, DhcpMessageType? reply, string reason);

    [LoggerMessage(1005, LogLevel.Error, "dhcp request from {Source} on {Interface} failed")]
    public static partial void Failed(ILogger logger, IPEndPoint source, string @interface, Exception exception);

    [LoggerMessage(1006, LogLevel.Information, "DHCP leases loaded from {Path}: {Count} ({Active} active){Dropped}")]
    public static partial void LeasesLoaded(ILogger logger, string path, int count, int active, string dropped);

    [LoggerMessage(1007, LogLevel.Information, "DHCP scope {Scope} serves {Where}")]
    public static partial void ScopeServes(ILogger logger, DhcpScope scope, string where);

    [LoggerMessage(1008, LogLevel.Warning, "dhcp queue full: request from {Source} on {Interface} dropped")]
    public static partial void Overflow(ILogger logger, IPEndPoint source, string @interface);

    [LoggerMessage(1009, LogLevel.Error, "dhcp cannot send {Reply} to {Destination} on {Interface}: {Reason}")]
    public static partial void SendFailed(ILogger logger, DhcpMessageType? reply, IPEndPoint destination, string @interface, string reason);

    [LoggerMessage(1010, LogLevel.Information, "DHCP probe on {Interface}: no other DHCP server answered within {TimeoutMs} ms")]
    public static partial void ProbeClear(ILogger logger, string @interface, long timeoutMs);

    [LoggerMessage(1011, LogLevel.Warning, "DHCP probe on {Interface}: another DHCP server answers: {Servers}; serving anyway (--force)")]
    public static partial void ProbeForced(ILogger logger, string @interface, string servers);

    [LoggerMessage(1013, LogLevel.Warning, "dhcp datagram from {Source} on {Interface} dropped: larger than {Limit} bytes")]
    public static partial void Oversized(ILogger logger, IPEndPoint source, string @interface, int limit);

    [LoggerMessage(2000, LogLevel.Information, "proxyDHCP listening on {Interface} ({Address}), ports {Port} and {BootServerPort}")]
    public static partial void ProxyListening(ILogger logger, string @interface, IPAddress address, int port, int bootServerPort);
}
