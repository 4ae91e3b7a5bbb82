using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Boot.Render;

namespace PxeHost.Tests.Boot.Render;

/// <summary>PXELINUX's configuration lookup (syslinux 6 core/fs/pxe/pxe.c pxe_load_config) and its inverse.</summary>
public sealed class PxelinuxConfigNamesTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("88-99-AA-BB-CC-DD");

    /// <summary>Option 97's 16 bytes as sent (b8945908-d6a6-41a9-611d-74a6ab80b83d, pxelinux.txt's example), read as BootClient reads them.</summary>
    private static readonly Guid Uuid = new(Convert.FromHexString("b8945908d6a641a9611d74a6ab80b83d"));

    [Fact]
    public void Chain_is_uuid_then_mac_then_ip_prefixes_down_to_one_digit_then_default()
    {
        Assert.Equal(
            [
                "pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d",
                "pxelinux.cfg/01-88-99-aa-bb-cc-dd",
                "pxelinux.cfg/C000025B",
                "pxelinux.cfg/C000025",
                "pxelinux.cfg/C00002",
                "pxelinux.cfg/C0000",
                "pxelinux.cfg/C000",
                "pxelinux.cfg/C00",
                "pxelinux.cfg/C0",
                "pxelinux.cfg/C",
                "pxelinux.cfg/default",
            ],
            PxelinuxConfigNames.LookupChain(Mac, IPAddress.Parse("192.0.2.91"), Uuid));
    }

    [Fact]
    public void Without_uuid_or_address_the_chain_is_mac_then_default()
    {
        Assert.Equal(["pxelinux.cfg/01-88-99-aa-bb-cc-dd", "pxelinux.cfg/default"], PxelinuxConfigNames.LookupChain(Mac, null));
    }

    [Fact]
    public void Uuid_prints_the_bytes_in_wire_order_not_as_dotnet_formats_the_guid()
    {
        var first = PxelinuxConfigNames.LookupChain(Mac, null, Uuid)[0];
        Assert.Equal("pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d", first);
        Assert.NotEqual("pxelinux.cfg/" + Uuid.ToString(), first);
    }

    [Theory]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    [InlineData("0102030405060f000000000000000000")]
    public void Uuid_that_pxelinux_takes_for_invalid_is_not_tried(string wireHex)
    {
        var uuid = new Guid(Convert.FromHexString(wireHex));
        Assert.False(PxelinuxConfigNames.UuidIsTried(uuid));
        Assert.Equal("pxelinux.cfg/01-88-99-aa-bb-cc-dd", PxelinuxConfigNames.LookupChain(Mac, null, uuid)[0]);
    }

    [Fact]
    public void Ipv4_mapped_address_counts_as_ipv4_and_ipv6_has_no_hex_names()
    {
        Assert.Contains("pxelinux.cfg/0A63FE32", PxelinuxConfigNames.LookupChain(Mac, IPAddress.Parse("::ffff:10.99.254.50")));
        Assert.Equal(2, PxelinuxConfigNames.LookupChain(Mac, IPAddress.Parse("fd00::5")).Count);
    }

    [Theory]
    [InlineData("pxelinux.cfg/default", "")]
    [InlineData("/pxelinux.cfg/default", "")]
    [InlineData("boot/bios/pxelinux.cfg/default", "boot/bios/")]
    [InlineData("//srv/pxelinux.cfg/default", "srv/")]
    public void Default_is_recognised_under_any_directory(string path, string directory)
    {
        Assert.True(PxelinuxConfigNames.TryParse(path, out var request));
        Assert.Equal(new PxelinuxConfigRequest(ConfigLookupKind.Default, directory), request);
    }

    [Fact]
    public void Mac_request_names_the_mac()
    {
        Assert.True(PxelinuxConfigNames.TryParse("/boot/pxelinux.cfg/01-52-54-00-12-34-56", out var request));
        Assert.Equal(ConfigLookupKind.Mac, request.Kind);
        Assert.Equal("boot/", request.Directory);
        Assert.Equal(PhysicalAddress.Parse("52-54-00-12-34-56"), request.Mac);
        Assert.Null(request.Uuid);
        Assert.Null(request.IpPrefix);
    }

    [Fact]
    public void Uuid_request_names_the_same_guid_the_chain_was_built_from()
    {
        Assert.True(PxelinuxConfigNames.TryParse("pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d", out var request));
        Assert.Equal(ConfigLookupKind.Uuid, request.Kind);
        Assert.Equal(Uuid, request.Uuid);
    }

    [Theory]
    [InlineData("pxelinux.cfg/C000025B", "192.0.2.91/32")]
    [InlineData("pxelinux.cfg/C0A8016", "192.168.1.96/28")]
    [InlineData("pxelinux.cfg/0A", "10.0.0.0/8")]
    [InlineData("pxelinux.cfg/C", "192.0.0.0/4")]
    public void Ip_prefix_request_names_the_addresses_it_covers(string path, string network)
    {
        Assert.True(PxelinuxConfigNames.TryParse(path, out var request));
        Assert.Equal(ConfigLookupKind.IpPrefix, request.Kind);
        Assert.Equal(IPNetwork.Parse(network), request.IpPrefix);
    }

    [Fact]
    public void Every_name_of_a_chain_parses_back_to_its_kind()
    {
        var chain = PxelinuxConfigNames.LookupChain(Mac, IPAddress.Parse("10.99.0.50"), Uuid);
        var kinds = chain.Select(n => Assert.IsType<PxelinuxConfigRequest>(Parse(n)).Kind).ToList();
        Assert.Equal([ConfigLookupKind.Uuid, ConfigLookupKind.Mac, .. Enumerable.Repeat(ConfigLookupKind.IpPrefix, 8), ConfigLookupKind.Default], kinds);
        Assert.All(chain.Skip(2).Take(8), n => Assert.True(Parse(n)!.IpPrefix!.Value.Contains(IPAddress.Parse("10.99.0.50"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pxelinux.0")]
    [InlineData("ldlinux.c32")]
    [InlineData("pxelinux.cfg/")]
    [InlineData("pxelinux.cfg/menu.cfg")]
    [InlineData("pxelinux.cfg/defaults")]
    [InlineData("pxelinux.cfg/C000025B1")]
    [InlineData("pxelinux.cfg/G000")]
    [InlineData("pxelinux.cfg/01-52-54-00-12-34")]
    [InlineData("pxelinux.cfg/01-52-54-00-12-34-56-78")]
    [InlineData("pxelinux.cfg/06-52-54-00-12-34-56")]
    [InlineData("pxelinux.cfg/01:52:54:00:12:34:56")]
    [InlineData("pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83")]
    [InlineData("pxelinux.cfg/b8945908d6a641a9611d74a6ab80b83d")]
    [InlineData("pxelinux.cfg/sub/default")]
    [InlineData("notpxelinux.cfg/default")]
    [InlineData("grub/grub.cfg")]
    public void Junk_is_not_a_pxelinux_lookup(string path) => Assert.False(PxelinuxConfigNames.TryParse(path, out _));

    private static PxelinuxConfigRequest? Parse(string path) => PxelinuxConfigNames.TryParse(path, out var request) ? request : null;
}
