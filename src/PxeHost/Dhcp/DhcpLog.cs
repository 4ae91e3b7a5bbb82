using System.Net;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

/// <summary>DHCP log messages; event ids 1xxx (full DHCP) and 2xxx (proxyDHCP and port 4011).</summary>
internal static partial class DhcpLog
{
    [LoggerMessage(LogEventIds.Dhcp.Listening, LogLevel.Information, "DHCP ({Mode}) listening on {Interface} ({Address}/{Prefix}), port {Port} and PXE boot server port {BootServerPort}")]
    public static partial void Listening(ILogger logger, DhcpMode mode, string @interface, IPAddress address, int prefix, int port, int bootServerPort);

    [LoggerMessage(LogEventIds.Dhcp.Replied, LogLevel.Information, "dhcp {Mac} {Request} on {Interface}{Relay}: {Reply} {Address}{Boot} ({Client}; {Reason}; {Rule})")]
    public static partial void Replied(ILogger logger, string mac, DhcpMessageType? request, string @interface, string relay,
        DhcpMessageType? reply, string address, string boot, string client, string reason, string rule);

    /// <summary>dnsmasq's --log-dhcp habit: at Debug, every option of a reply, decoded, one per line.</summary>
    [LoggerMessage(LogEventIds.Dhcp.ReplyOption, LogLevel.Debug, "dhcp {Mac} {Reply} option {Option}")]
    public static partial void ReplyOption(ILogger logger, string mac, DhcpMessageType? reply, string option);

    [LoggerMessage(LogEventIds.Dhcp.NoReply, LogLevel.Information, "dhcp {Mac} {Request} on {Interface}{Relay}: no reply ({Client}; {Reason})")]
    public static partial void NoReply(ILogger logger, string mac, DhcpMessageType? request, string @interface, string relay, string client, string reason);

    [LoggerMessage(LogEventIds.Dhcp.NotOurs, LogLevel.Debug, "dhcp {Mac} {Request} on {Interface}{Relay}: not for this server ({Client}; {Reason})")]
    public static partial void NotOurs(ILogger logger, string mac, DhcpMessageType? request, string @interface, string relay, string client, string reason);

    [LoggerMessage(LogEventIds.Dhcp.Malformed, LogLevel.Warning, "dhcp malformed datagram from {Source} on {Interface} dropped: {Error}")]
    public static partial void Malformed(ILogger logger, IPEndPoint source, string @interface, DhcpParseError error);

    [LoggerMessage(LogEventIds.Dhcp.SaveFailed, LogLevel.Error, "dhcp {Mac}: lease not stored, {Reply} not sent: {Reason}")]
    public static partial void SaveFailed(ILogger logger, string mac, DhcpMessageType? reply, string reason);

    [LoggerMessage(LogEventIds.Dhcp.Failed, LogLevel.Error, "dhcp request from {Source} on {Interface} failed")]
    public static partial void Failed(ILogger logger, IPEndPoint source, string @interface, Exception exception);

    [LoggerMessage(LogEventIds.Dhcp.LeasesLoaded, LogLevel.Information, "DHCP leases loaded from {Path}: {Count} ({Active} active){Dropped}")]
    public static partial void LeasesLoaded(ILogger logger, string path, int count, int active, string dropped);

    [LoggerMessage(LogEventIds.Dhcp.ScopeServes, LogLevel.Information, "DHCP scope {Scope} serves {Where}")]
    public static partial void ScopeServes(ILogger logger, DhcpScope scope, string where);

    [LoggerMessage(LogEventIds.Dhcp.Overflow, LogLevel.Warning, "dhcp queue full: request from {Source} on {Interface} dropped")]
    public static partial void Overflow(ILogger logger, IPEndPoint source, string @interface);

    [LoggerMessage(LogEventIds.Dhcp.SendFailed, LogLevel.Error, "dhcp cannot send {Reply} to {Destination} on {Interface}: {Reason}")]
    public static partial void SendFailed(ILogger logger, DhcpMessageType? reply, IPEndPoint destination, string @interface, string reason);

    [LoggerMessage(LogEventIds.Dhcp.ProbeClear, LogLevel.Information, "DHCP probe on {Interface}: no other DHCP server answered within {TimeoutMs} ms")]
    public static partial void ProbeClear(ILogger logger, string @interface, long timeoutMs);

    [LoggerMessage(LogEventIds.Dhcp.ProbeForced, LogLevel.Warning, "DHCP probe on {Interface}: another DHCP server answers: {Servers}; serving anyway (--force)")]
    public static partial void ProbeForced(ILogger logger, string @interface, string servers);

    [LoggerMessage(LogEventIds.Dhcp.Oversized, LogLevel.Warning, "dhcp datagram from {Source} on {Interface} dropped: larger than {Limit} bytes")]
    public static partial void Oversized(ILogger logger, IPEndPoint source, string @interface, int limit);

    [LoggerMessage(LogEventIds.Dhcp.SocketFailed, LogLevel.Warning, "dhcp socket on {Interface} port {Port} failed: {Reason}; opening a new one")]
    public static partial void SocketFailed(ILogger logger, string @interface, int port, string reason);

    [LoggerMessage(LogEventIds.Dhcp.SocketReopened, LogLevel.Information, "dhcp socket on {Interface} port {Port} open again (interface index {Index})")]
    public static partial void SocketReopened(ILogger logger, string @interface, int port, int index);

    [LoggerMessage(LogEventIds.Dhcp.InterfaceReplaced, LogLevel.Warning, "dhcp interface {Interface} (port {Port}) went away or was replaced (index {Old}, now {Now}; 0: none)")]
    public static partial void InterfaceReplaced(ILogger logger, string @interface, int port, int old, int now);

    [LoggerMessage(LogEventIds.Dhcp.ProbeSendFailed, LogLevel.Warning, "DHCP probe on {Interface}: DISCOVER not sent: {Reason}")]
    public static partial void ProbeSendFailed(ILogger logger, string @interface, string reason);

    [LoggerMessage(LogEventIds.ProxyDhcp.Listening, LogLevel.Information, "proxyDHCP listening on {Interface} ({Address}), ports {Port} and {BootServerPort}")]
    public static partial void ProxyListening(ILogger logger, string @interface, IPAddress address, int port, int bootServerPort);
}
