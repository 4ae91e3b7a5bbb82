using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Boot.Render;

namespace PxeHost.Tests.Boot.Render;

/// <summary>The per-client names a searching netbooted GRUB 2.06 tries (net.mod grub_net_search_config_file) and their inverse.</summary>
public sealed class GrubConfigNamesTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("52-54-00-12-34-56");

    private static readonly Guid Uuid = new(Convert.FromHexString("9cfe245ed0c8bd45a79f54ea5fbd3d97"));

    [Fact]
    public void Chain_is_uuid_then_mac_then_ip_prefixes_then_grub_cfg()
    {
        Assert.Equal(
            [
                "grub.cfg-9cfe245e-d0c8-bd45-a79f-54ea5fbd3d97",
                "grub.cfg-01-52-54-00-12-34-56",
                "grub.cfg-C0A80164",
                "grub.cfg-C0A8016",
                "grub.cfg-C0A801",
                "grub.cfg-C0A80",
                "grub.cfg-C0A8",
                "grub.cfg-C0A",
                "grub.cfg-C0",
                "grub.cfg-C",
                "grub.cfg",
            ],
            GrubConfigNames.LookupChain(Mac, IPAddress.Parse("192.168.1.100"), Uuid));
    }

    [Fact]
    public void Without_option_97_in_the_reply_there_is_no_uuid_name()
    {
        var chain = GrubConfigNames.LookupChain(Mac, IPAddress.Parse("10.99.0.50"));
        Assert.Equal("grub.cfg-01-52-54-00-12-34-56", chain[0]);
        Assert.Equal("grub.cfg-0A630032", chain[1]);
        Assert.Equal("grub.cfg", chain[^1]);
        Assert.Equal(10, chain.Count);
    }

    [Theory]
    [InlineData("/boot/grub/grub.cfg", ConfigLookupKind.Default, "boot/grub/")]
    [InlineData("grub.cfg", ConfigLookupKind.Default, "")]
    [InlineData("/grub/x86_64-efi/grub.cfg", ConfigLookupKind.Default, "grub/x86_64-efi/")]
    [InlineData("/boot/grub/grub.cfg-01-52-54-00-12-34-56", ConfigLookupKind.Mac, "boot/grub/")]
    [InlineData("/boot/grub/grub.cfg-9cfe245e-d0c8-bd45-a79f-54ea5fbd3d97", ConfigLookupKind.Uuid, "boot/grub/")]
    [InlineData("/boot/grub/grub.cfg-0A6300", ConfigLookupKind.IpPrefix, "boot/grub/")]
    public void Requests_are_recognised_with_their_directory(string path, ConfigLookupKind kind, string directory)
    {
        Assert.True(GrubConfigNames.TryParse(path, out var request));
        Assert.Equal(kind, request.Kind);
        Assert.Equal(directory, request.Directory);
    }

    [Fact]
    public void Each_request_names_what_built_it()
    {
        Assert.True(GrubConfigNames.TryParse("boot/grub/grub.cfg-01-52-54-00-12-34-56", out var mac));
        Assert.Equal(Mac, mac.Mac);
        Assert.True(GrubConfigNames.TryParse("boot/grub/grub.cfg-9cfe245e-d0c8-bd45-a79f-54ea5fbd3d97", out var uuid));
        Assert.Equal(Uuid, uuid.Uuid);
        Assert.True(GrubConfigNames.TryParse("boot/grub/grub.cfg-0A6300", out var prefix));
        Assert.Equal(IPNetwork.Parse("10.99.0.0/24"), prefix.IpPrefix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("boot/grub/")]
    [InlineData("boot/grub/grub.cfg-")]
    [InlineData("boot/grub/grub.cfg.bak")]
    [InlineData("boot/grub/grub.cfg-default")]
    [InlineData("boot/grub/grub.cfg-01-52-54-00-12-34")]
    [InlineData("boot/grub/mygrub.cfg")]
    [InlineData("boot/grub/x86_64-efi/normal.mod")]
    [InlineData("pxelinux.cfg/default")]
    public void Junk_is_not_a_grub_lookup(string path) => Assert.False(GrubConfigNames.TryParse(path, out _));
}
