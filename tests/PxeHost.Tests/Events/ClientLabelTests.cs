using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Events;

namespace PxeHost.Tests.Events;

/// <summary>TFTP and HTTP lines name a client by its MAC when DHCP told the server, as DHCP lines do.</summary>
public sealed class ClientLabelTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("52-54-00-12-34-56");

    [Fact]
    public void A_client_seen_in_dhcp_is_named_by_its_mac_then_its_address()
    {
        var clients = new ClientDirectory();
        clients.Record(IPAddress.Parse("10.99.0.100"), Mac);

        Assert.Equal("52:54:00:12:34:56 (10.99.0.100:2070)", ClientLabel.Of(new IPEndPoint(IPAddress.Parse("10.99.0.100"), 2070), clients).ToString());
        Assert.Equal("52:54:00:12:34:56 (10.99.0.100)", ClientLabel.Of(IPAddress.Parse("10.99.0.100"), clients).ToString());
    }

    [Fact]
    public void A_client_never_seen_in_dhcp_is_named_by_its_address()
    {
        var clients = new ClientDirectory();

        Assert.Equal("10.99.0.7:2070", ClientLabel.Of(new IPEndPoint(IPAddress.Parse("10.99.0.7"), 2070), clients).ToString());
        Assert.Equal("10.99.0.7", ClientLabel.Of(IPAddress.Parse("10.99.0.7"), null).ToString());
        Assert.Equal("-", ClientLabel.Of((IPAddress?)null, clients).ToString());
    }
}
