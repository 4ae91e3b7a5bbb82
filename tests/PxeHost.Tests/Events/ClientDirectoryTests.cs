using System.Net;
using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Events;

public sealed class ClientDirectoryTests
{
    [Fact]
    public void An_address_finds_the_mac_that_last_held_it_in_either_notation()
    {
        var directory = new ClientDirectory();
        directory.Record(IPAddress.Parse("10.0.0.7"), DhcpCaptures.Mac("52:54:00:00:00:01"));
        directory.Record(IPAddress.Parse("10.0.0.7"), DhcpCaptures.Mac("52:54:00:00:00:02"));

        Assert.Equal(DhcpCaptures.Mac("52:54:00:00:00:02"), directory.Find(IPAddress.Parse("10.0.0.7")));
        Assert.Equal(DhcpCaptures.Mac("52:54:00:00:00:02"), directory.Find(IPAddress.Parse("::ffff:10.0.0.7")));
        Assert.Null(directory.Find(IPAddress.Parse("10.0.0.8")));
        Assert.Null(directory.Find(null));
    }

    [Fact]
    public void Unspecified_and_broadcast_addresses_and_empty_macs_are_not_recorded()
    {
        var directory = new ClientDirectory();
        directory.Record(IPAddress.Any, DhcpCaptures.Mac("52:54:00:00:00:01"));
        directory.Record(IPAddress.Broadcast, DhcpCaptures.Mac("52:54:00:00:00:01"));
        directory.Record(IPAddress.Parse("10.0.0.9"), System.Net.NetworkInformation.PhysicalAddress.None);
        directory.Record(null, DhcpCaptures.Mac("52:54:00:00:00:01"));

        Assert.Equal(0, directory.Count);
    }

    [Fact]
    public void Past_its_capacity_it_forgets_old_entries_and_keeps_the_new_one()
    {
        var directory = new ClientDirectory(capacity: 4);
        for (var i = 1; i <= 5; i++)
        {
            directory.Record(IPAddress.Parse($"10.0.0.{i}"), DhcpCaptures.Mac($"52:54:00:00:00:0{i}"));
        }

        Assert.InRange(directory.Count, 1, 4);
        Assert.Equal(DhcpCaptures.Mac("52:54:00:00:00:05"), directory.Find(IPAddress.Parse("10.0.0.5")));
    }
}
