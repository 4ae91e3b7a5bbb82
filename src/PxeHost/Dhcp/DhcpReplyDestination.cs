using System.Net;

namespace PxeHost.Dhcp;

/// <summary>Where a reply goes, and the RFC 2131 §4.1 rule that chose it (for the log).</summary>
public sealed record DhcpReplyDestination(IPEndPoint EndPoint, bool IsBroadcast, string Rule);
