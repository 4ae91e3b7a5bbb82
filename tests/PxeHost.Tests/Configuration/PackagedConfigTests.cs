using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Dhcp;

namespace PxeHost.Tests.Configuration;

/// <summary>
/// The /etc/pxehost/pxehost.yaml the Debian package installs (packaging/pxehost.yaml), read by the real
/// loader: proxy mode (never an address), no interface until the admin names one, and every PXE client
/// that asks is told to boot its local disk.
/// </summary>
public sealed class PackagedConfigTests
{
    private static readonly string Packaged = Path.Combine(AppContext.BaseDirectory, "Configuration", "Packaged", "pxehost.yaml");

    [Fact]
    public void The_packaged_config_loads_and_serves_nothing_harmful()
    {
        var config = ConfigLoader.Load(Packaged, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Equal(DhcpMode.Proxy, config.Dhcp.Mode?.Value);
        Assert.Empty(config.Dhcp.Ranges);
        Assert.Empty(config.Dhcp.Reservations);
        Assert.Empty(config.Interfaces);
        Assert.Equal("/srv/tftp", config.TftpRoot);
        Assert.Equal("local", config.Plan.DefaultBoot);
        Assert.Equal(ProfileKind.LocalDisk, Assert.Single(config.Plan.Profiles).Value.Kind);
        Assert.Empty(config.Plan.Machines);
        Assert.Empty(config.Files);
    }
}
