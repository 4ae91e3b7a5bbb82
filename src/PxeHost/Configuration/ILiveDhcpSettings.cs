using PxeHost.Dhcp;

namespace PxeHost.Configuration;

/// <summary>
/// Where a reload of the configuration hands the DHCP settings that may change while serving:
/// reservations, options (routers, DNS, NTP, MTU, domain) and the lease time. The scopes cover the
/// same subnets and pools as those running; the next request is decided with them.
/// </summary>
public interface ILiveDhcpSettings
{
    void Apply(IReadOnlyList<DhcpScope> scopes);
}
