using System.Net;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Boot.Policy;

/// <summary>
/// The boot decision table: what each firmware stage and architecture is told to boot, under the
/// default options, configured boot files, an iPXE script, HTTP Boot and quick mode.
/// </summary>
public sealed class FlagsBootPolicyTests
{
    private const string Script = "http://10.0.0.1/boot/52-54-00-12-34-56.ipxe";
    private static readonly IPAddress Server = IPAddress.Parse("10.0.0.1");
    private static readonly QuickBoot Quick = new("/srv/vmlinuz", ["/srv/initrd.img"], "console=ttyS0");

    private static BootDecision Decide(FirmwareStage stage, ClientArchitecture architecture, IBootPolicy? policy = null) =>
        (policy ?? TestPolicies.Flags()).Decide(
            new BootClient(DhcpCaptures.Mac("52:54:00:12:34:56"), null, architecture, stage, null), Server);

    public static TheoryData<FirmwareStage, ClientArchitecture, IBootPolicy, string?, string?> Table() => new()
    {
        // PXE firmware: a network boot program per architecture.
        { FirmwareStage.Firmware, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions()), "undionly.kpxe", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiBc, TestPolicies.Flags(new BootOptions()), "snponly.efi", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiX64, TestPolicies.Flags(new BootOptions()), "snponly.efi", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiArm64, TestPolicies.Flags(new BootOptions()), null, null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiArm64, TestPolicies.Flags(new BootOptions { Arm64BootFile = "arm64/ipxe.efi" }), "arm64/ipxe.efi", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiIa32, TestPolicies.Flags(new BootOptions()), null, null },
        { FirmwareStage.Firmware, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions { BiosBootFile = "pxelinux.0" }), "pxelinux.0", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiX64, TestPolicies.Flags(new BootOptions { UefiBootFile = "grubx64.efi", IpxeScript = "boot.ipxe" }), "grubx64.efi", null },

        // iPXE: a script (configured URL or path, else the generated one), or a chained non-iPXE boot file.
        { FirmwareStage.Ipxe, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions()), Script, null },
        { FirmwareStage.Ipxe, ClientArchitecture.EfiBc, TestPolicies.Flags(new BootOptions()), Script, null },
        { FirmwareStage.Ipxe, ClientArchitecture.EfiArm64, TestPolicies.Flags(new BootOptions()), Script, null },
        { FirmwareStage.Ipxe, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions { BiosBootFile = "undionly.kkpxe" }), Script, null },
        { FirmwareStage.Ipxe, ClientArchitecture.EfiX64, TestPolicies.Flags(new BootOptions { UefiBootFile = "ipxe.efi" }), Script, null },
        { FirmwareStage.Ipxe, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions { BiosBootFile = "ipxe.pxe" }), Script, null },
        { FirmwareStage.Ipxe, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions { BiosBootFile = "pxelinux.0" }), "pxelinux.0", null },
        { FirmwareStage.Ipxe, ClientArchitecture.EfiX64, TestPolicies.Flags(new BootOptions { UefiBootFile = "grubx64.efi" }), "grubx64.efi", null },
        { FirmwareStage.Ipxe, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions { IpxeScript = "https://boot.example/menu.ipxe" }), "https://boot.example/menu.ipxe", null },
        { FirmwareStage.Ipxe, ClientArchitecture.EfiBc, TestPolicies.Flags(new BootOptions { IpxeScript = "menus/boot.ipxe" }), "http://10.0.0.1/menus/boot.ipxe", null },
        { FirmwareStage.Ipxe, ClientArchitecture.EfiBc, TestPolicies.Flags(new BootOptions { IpxeScript = "/menus/boot.ipxe" }, 8080), "http://10.0.0.1:8080/menus/boot.ipxe", null },
        { FirmwareStage.Ipxe, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions(), 8080), "http://10.0.0.1:8080/boot/52-54-00-12-34-56.ipxe", null },

        // UEFI HTTP Boot: a URL, and the reply must say HTTPClient.
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX64Http, TestPolicies.Flags(new BootOptions()), "http://10.0.0.1/snponly.efi", "HTTPClient" },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX64Http, TestPolicies.Flags(new BootOptions(), 8080), "http://10.0.0.1:8080/snponly.efi", "HTTPClient" },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX64Http, TestPolicies.Flags(new BootOptions { UefiBootFile = "efi/grubx64.efi" }), "http://10.0.0.1/efi/grubx64.efi", "HTTPClient" },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX64Http, TestPolicies.Flags(new BootOptions { HttpBootUrl = "http://10.0.0.9/x.efi" }), "http://10.0.0.9/x.efi", "HTTPClient" },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiArm64Http, TestPolicies.Flags(new BootOptions()), null, null },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiArm64Http, TestPolicies.Flags(new BootOptions { Arm64BootFile = "arm64.efi" }), "http://10.0.0.1/arm64.efi", "HTTPClient" },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiArm64, TestPolicies.Flags(new BootOptions { Arm64BootFile = "arm64.efi" }), "http://10.0.0.1/arm64.efi", "HTTPClient" },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.IntelX86Bios, TestPolicies.Flags(new BootOptions()), "http://10.0.0.1/snponly.efi", "HTTPClient" }, // no architecture named
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX86Http, TestPolicies.Flags(new BootOptions()), null, null },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX86Http, TestPolicies.Quick(Quick), null, null },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiArm32Http, TestPolicies.Flags(new BootOptions()), null, null },

        // Quick mode: iPXE first on every stage, then its script; configured files do not matter.
        { FirmwareStage.Firmware, ClientArchitecture.IntelX86Bios, TestPolicies.Quick(Quick), "undionly.kpxe", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiBc, TestPolicies.Quick(Quick), "snponly.efi", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiX64, TestPolicies.Quick(Quick), "snponly.efi", null },
        { FirmwareStage.Firmware, ClientArchitecture.EfiArm64, TestPolicies.Quick(Quick), null, null },
        { FirmwareStage.Ipxe, ClientArchitecture.IntelX86Bios, TestPolicies.Quick(Quick), Script, null },
        { FirmwareStage.Ipxe, ClientArchitecture.EfiBc, TestPolicies.Quick(Quick, 8080), "http://10.0.0.1:8080/boot/52-54-00-12-34-56.ipxe", null },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiX64Http, TestPolicies.Quick(Quick), "http://10.0.0.1/snponly.efi", "HTTPClient" },
        { FirmwareStage.HttpBootFirmware, ClientArchitecture.EfiArm64Http, TestPolicies.Quick(Quick), null, null },

        // Not a network-boot client.
        { FirmwareStage.NotBooting, ClientArchitecture.IntelX86Bios, TestPolicies.Quick(Quick), null, null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decision_table(FirmwareStage stage, ClientArchitecture architecture, IBootPolicy policy, string? bootFile, string? vendorClass)
    {
        var decision = Decide(stage, architecture, policy);
        Assert.Equal(bootFile, decision.BootFile);
        Assert.Equal(vendorClass, decision.VendorClass);
        Assert.Equal(bootFile is not null, decision.Boots);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Ipxe_is_never_handed_an_ipxe_binary_whatever_is_configured()
    {
        foreach (var file in new[] { "undionly.kpxe", "undionly.kkpxe", "ipxe.pxe", "ipxe.efi", "snponly.efi", "sub/ipxe.efi" })
        {
            foreach (var architecture in new[] { ClientArchitecture.IntelX86Bios, ClientArchitecture.EfiBc, ClientArchitecture.EfiX64, ClientArchitecture.EfiArm64 })
            {
                var options = new BootOptions { BiosBootFile = file, UefiBootFile = file, Arm64BootFile = file };
                Assert.Equal(Script, Decide(FirmwareStage.Ipxe, architecture, TestPolicies.Flags(options)).BootFile);
            }
        }
    }

    [Fact]
    public void Missing_arm64_boot_file_names_the_option_to_set()
    {
        Assert.Contains("set --arm64-bootfile", Decide(FirmwareStage.Firmware, ClientArchitecture.EfiArm64).Reason, StringComparison.Ordinal);
        Assert.Contains("not supported", Decide(FirmwareStage.Firmware, ClientArchitecture.EfiIa32).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, "http://10.0.0.1/boot/52-54-00-12-34-56.ipxe")]
    [InlineData(8080, "http://10.0.0.1:8080/boot/52-54-00-12-34-56.ipxe")]
    public void Script_url_names_the_port_only_when_it_is_not_80(int port, string expected)
    {
        var urls = new BootUrls(port);
        Assert.Equal(expected, urls.ScriptUrl(DhcpCaptures.Mac("52:54:00:12:34:56"), Server));
        Assert.Equal(expected.Replace("boot/52-54-00-12-34-56.ipxe", "a/b", StringComparison.Ordinal), urls.HttpUrl(Server, "/a/b"));
    }
}
