using PxeHost.Boot.Loaders;
using PxeHost.Hosting;
using PxeHost.Tests.Support;
using System.Net.NetworkInformation;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Protocol.Dhcp;
using static PxeHost.Tests.Boot.Plan.TestPlans;

namespace PxeHost.Tests.Boot.Policy;

/// <summary>
/// The DHCP-time boot decision when pxehost.yaml has a plan for the client: the first stage of the
/// loader the plan chose, per firmware stage and architecture; quick mode and clients the plan says
/// nothing about keep the classic options.
/// </summary>
public sealed class PlanBootPolicyTests
{
    private static readonly BootOptions Classic = new() { BiosBootFile = "classic.0", UefiBootFile = "classic.efi" };

    private static BootDecision Decide(PhysicalAddress mac, FirmwareStage stage, ClientArchitecture architecture, BootPlanSet? plan = null, BootOptions? options = null, Guid? uuid = null, int httpPort = 80) =>
        TestPolicies.Plan(plan ?? Create(), options ?? Classic, httpPort).Decide(Client(mac, architecture, uuid, stage), Server);

    [Fact]
    public void Each_loader_has_its_first_stage_per_firmware()
    {
        Assert.Equal("undionly.kpxe", LoaderCatalog.NetworkBootProgram(BootLoader.Ipxe, ClientArchitecture.IntelX86Bios)?.Name);
        Assert.Equal("snponly.efi", LoaderCatalog.NetworkBootProgram(BootLoader.Ipxe, ClientArchitecture.EfiX64)?.Name);
        Assert.Equal("pxelinux.0", LoaderCatalog.NetworkBootProgram(BootLoader.Pxelinux, ClientArchitecture.IntelX86Bios)?.Name);
        Assert.Equal("efi64/syslinux.efi", LoaderCatalog.NetworkBootProgram(BootLoader.Pxelinux, ClientArchitecture.EfiBc)?.Name);
        Assert.Equal("grub/i386-pc/core.0", LoaderCatalog.NetworkBootProgram(BootLoader.Grub, ClientArchitecture.IntelX86Bios)?.Name);
        Assert.Equal("grub/x86_64-efi/core.efi", LoaderCatalog.NetworkBootProgram(BootLoader.Grub, ClientArchitecture.EfiX64Http)?.Name);
        Assert.Null(LoaderCatalog.NetworkBootProgram(BootLoader.Grub, ClientArchitecture.EfiArm64)?.Name);
        Assert.Null(LoaderCatalog.NetworkBootProgram(BootLoader.Ipxe, ClientArchitecture.EfiIa32)?.Name);
    }

    public static TheoryData<string, ClientArchitecture, BootLoader> Firmware() => new()
    {
        { Web.ToString(), ClientArchitecture.IntelX86Bios, BootLoader.Ipxe },
        { Web.ToString(), ClientArchitecture.EfiBc, BootLoader.Ipxe },
        { Web.ToString(), ClientArchitecture.EfiX64, BootLoader.Ipxe },
        { Tester.ToString(), ClientArchitecture.IntelX86Bios, BootLoader.Pxelinux },
        { Tester.ToString(), ClientArchitecture.EfiX64, BootLoader.Pxelinux },
        { Disk.ToString(), ClientArchitecture.IntelX86Bios, BootLoader.Grub },
        { Disk.ToString(), ClientArchitecture.EfiBc, BootLoader.Grub },
    };

    [Theory]
    [MemberData(nameof(Firmware))]
    public void Pxe_firmware_gets_the_planned_loaders_first_stage(string mac, ClientArchitecture architecture, BootLoader loader)
    {
        var decision = Decide(PhysicalAddress.Parse(mac), FirmwareStage.Firmware, architecture);

        Assert.Equal(LoaderCatalog.NetworkBootProgram(loader, architecture)?.Name, decision.BootFile);
        Assert.Null(decision.VendorClass);
        Assert.StartsWith("plan '", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClientArchitecture.IntelX86Bios, "http://10.0.0.1/boot/52-54-00-12-34-56.ipxe?arch=0")]
    [InlineData(ClientArchitecture.EfiBc, "http://10.0.0.1/boot/52-54-00-12-34-56.ipxe?arch=7")]
    [InlineData(ClientArchitecture.EfiX64, "http://10.0.0.1/boot/52-54-00-12-34-56.ipxe?arch=9")]
    public void Ipxe_with_an_ipxe_plan_gets_its_script_with_the_architecture(ClientArchitecture architecture, string url)
    {
        var decision = Decide(Web, FirmwareStage.Ipxe, architecture);

        Assert.Equal(url, decision.BootFile);
        Assert.Null(decision.VendorClass);
    }

    [Fact]
    public void The_script_url_names_the_http_port_when_it_is_not_80()
    {
        var decision = Decide(Web, FirmwareStage.Ipxe, ClientArchitecture.EfiBc, httpPort: 8080);

        Assert.Equal("http://10.0.0.1:8080/boot/52-54-00-12-34-56.ipxe?arch=7", decision.BootFile);
    }

    [Theory]
    [InlineData(ClientArchitecture.IntelX86Bios)]
    [InlineData(ClientArchitecture.EfiX64)]
    public void Ipxe_with_a_pxelinux_or_grub_plan_chains_that_loader(ClientArchitecture architecture)
    {
        Assert.Equal(LoaderCatalog.NetworkBootProgram(BootLoader.Pxelinux, architecture)?.Name, Decide(Tester, FirmwareStage.Ipxe, architecture).BootFile);
        Assert.Equal(LoaderCatalog.NetworkBootProgram(BootLoader.Grub, architecture)?.Name, Decide(Disk, FirmwareStage.Ipxe, architecture).BootFile);
    }

    [Theory]
    [InlineData("52:54:00:12:34:56", BootLoader.Ipxe)]
    [InlineData("52:54:00:12:34:59", BootLoader.Pxelinux)]
    [InlineData("52:54:00:12:34:5b", BootLoader.Grub)]
    public void Http_boot_firmware_gets_the_loader_over_http(string mac, BootLoader loader)
    {
        var decision = Decide(PhysicalAddress.Parse(mac.Replace(':', '-')), FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX64Http);

        Assert.Equal("http://10.0.0.1/" + LoaderCatalog.NetworkBootProgram(loader, ClientArchitecture.EfiX64Http)?.Name, decision.BootFile);
        Assert.Equal("HTTPClient", decision.VendorClass);
    }

    [Fact]
    public void Http_boot_firmware_that_names_no_architecture_gets_the_uefi_loader()
    {
        // HTTP Boot is UEFI only; architecture 0 means none was named, as in the classic decision.
        var decision = Decide(Disk, FirmwareStage.HttpBootFirmware, ClientArchitecture.IntelX86Bios);

        Assert.Equal("http://10.0.0.1/grub/x86_64-efi/core.efi", decision.BootFile);
        Assert.Equal("HTTPClient", decision.VendorClass);
    }

    [Fact]
    public void An_architecture_the_planned_loader_lacks_boots_nothing_rather_than_the_classic_file()
    {
        var decision = Decide(Web, FirmwareStage.Firmware, ClientArchitecture.EfiArm64, options: Classic with { Arm64BootFile = "arm64.efi" });

        Assert.False(decision.Boots);
        Assert.Contains("no Ipxe for UEFI arm64", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_machine_is_found_by_uuid_and_the_default_loader_is_used_for_the_default_boot()
    {
        var byUuid = Decide(Stranger, FirmwareStage.Firmware, ClientArchitecture.IntelX86Bios, uuid: LabUuid);
        var byDefault = Decide(Stranger, FirmwareStage.Firmware, ClientArchitecture.EfiX64, Create(defaultBoot: "main", defaultLoader: BootLoader.Grub));

        Assert.Equal("pxelinux.0", byUuid.BootFile);
        Assert.Equal("grub/x86_64-efi/core.efi", byDefault.BootFile);
        Assert.Contains("plan 'main'", byDefault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Quick_mode_ignores_the_plan()
    {
        var options = new PxeHostOptions
        {
            Tftp = new PxeHost.Tftp.TftpServerOptions(),
            Boot = Classic,
            Quick = new QuickBoot("/srv/vmlinuz", [], string.Empty),
            Config = new PxeHostConfig { File = "pxehost.yaml", Plan = Create() },
        };
        using var explainer = new BootExplainer(options);
        var quick = explainer.Policy;

        Assert.Equal("undionly.kpxe", quick.Decide(Client(Tester, ClientArchitecture.IntelX86Bios, null, FirmwareStage.Firmware), Server).BootFile);
        Assert.Equal("http://10.0.0.1/boot/52-54-00-12-34-59.ipxe", quick.Decide(Client(Tester, ClientArchitecture.EfiBc, null, FirmwareStage.Ipxe), Server).BootFile);
    }

    [Fact]
    public void A_client_without_a_plan_gets_the_classic_options()
    {
        Assert.Equal("classic.0", Decide(Stranger, FirmwareStage.Firmware, ClientArchitecture.IntelX86Bios).BootFile);
        Assert.Equal("classic.efi", Decide(Nameless, FirmwareStage.Firmware, ClientArchitecture.EfiX64).BootFile);
        Assert.Equal("http://10.0.0.1/classic.efi", Decide(Stranger, FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX64Http).BootFile);
        Assert.Equal("classic.efi", Decide(Stranger, FirmwareStage.Ipxe, ClientArchitecture.EfiBc).BootFile);
    }

    [Fact]
    public void A_client_that_is_not_network_booting_gets_nothing_even_with_a_default()
    {
        var decision = Decide(Web, FirmwareStage.NotBooting, ClientArchitecture.IntelX86Bios, Create(defaultBoot: "main"));

        Assert.False(decision.Boots);
    }
}
