using System.Net;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Dhcp;

/// <summary>NTP servers (option 42) and the interface MTU (option 26): configured in pxehost.yaml, given to clients.</summary>
public sealed class DhcpScopeOptionsTests
{
    [Fact]
    public void Ntp_and_mtu_from_the_configuration_reach_the_offer()
    {
        var errors = new List<ConfigError>();
        var config = ConfigLoader.Parse("""
            dhcp:
              ranges: [10.99.0.100-10.99.0.150]
              ntp: [10.99.0.5, 10.99.0.6]
              mtu: 9000
            """, "pxehost.yaml", errors);
        Assert.Empty(errors);
        Assert.Equal([IPAddress.Parse("10.99.0.5"), IPAddress.Parse("10.99.0.6")], config!.Dhcp.NtpServers.Select(s => s.Value));
        Assert.Equal(9000, config.Dhcp.Mtu?.Value);

        var server = new LocalInterface("eth0", 2, IPAddress.Parse("10.99.0.1"), 24, System.Net.NetworkInformation.PhysicalAddress.None);
        var scopeErrors = new List<SettingError>();
        var scope = Assert.Single(ScopeBuilder.Build(config.Dhcp, [server], scopeErrors));
        Assert.Empty(scopeErrors);
        var leases = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [scope] }, TimeProvider.System);
        var responder = new DhcpResponder([scope], leases, TestPolicies.Flags());

        var offer = Completed.Now(responder.RespondAsync(DhcpCaptures.Request("52:54:00:00:00:42", DhcpMessageType.Discover), IPAddress.Parse("10.99.0.1"), scope)).Reply!;

        Assert.Equal(Convert.FromHexString("0A6300050A630006"), offer.GetOption(DhcpOptionCode.NtpServers)!.Value.ToArray());
        Assert.Equal(Convert.FromHexString("2328"), offer.GetOption(DhcpOptionCode.InterfaceMtu)!.Value.ToArray());
    }

    [Fact]
    public void An_mtu_below_68_is_refused_with_its_line()
    {
        var errors = new List<ConfigError>();
        Assert.Null(ConfigLoader.Parse("dhcp:\n  mtu: 40\n", "pxehost.yaml", errors));
        Assert.Equal("pxehost.yaml:2: dhcp.mtu: '40' is not a whole number from 68 to 65535", Assert.Single(errors).ToString());
    }
}
