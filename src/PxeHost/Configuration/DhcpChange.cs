using PxeHost.Dhcp;

namespace PxeHost.Configuration;

/// <summary>What an edit of the configuration does to DHCP while serving.</summary>
/// <param name="Scopes">The running subnets and pools, with the edited reservations, options and lease time.</param>
/// <param name="NeedRestart">Keys the edit changed that take effect at the next start only.</param>
/// <param name="Applied">Keys the edit changed that <paramref name="Scopes"/> carry, applied live.</param>
public sealed record DhcpChange(IReadOnlyList<DhcpScope> Scopes, IReadOnlyList<string> NeedRestart, IReadOnlyList<string> Applied);
