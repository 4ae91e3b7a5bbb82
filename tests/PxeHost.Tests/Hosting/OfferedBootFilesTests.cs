using System.Net;
using PxeHost.Boot;
using PxeHost.Configuration;
using PxeHost.Dhcp;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Tftp;

namespace PxeHost.Tests.Hosting;

/// <summary>
/// serve says at start which boot files its DHCP answers will name but nobody serves — looked for in the
/// TFTP root, then among the system's bootloaders (here found beneath a folder of the test's, standing
/// for a system without the ipxe package) — with the package to install and the clients that get nothing.
/// </summary>
public sealed class OfferedBootFilesTests : IDisposable
{
    private readonly string _system = Directory.CreateTempSubdirectory("pxehost-system-").FullName;
    private readonly string _root = Directory.CreateTempSubdirectory("pxehost-root-").FullName;

    public void Dispose()
    {
        Directory.Delete(_system, recursive: true);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Without_the_ipxe_package_bios_uefi_and_http_boot_clients_are_said_to_get_nothing()
    {
        var warnings = OfferedBootFiles.Missing(Options());

        Assert.Equal(
            [
                "undionly.kpxe is missing (not in the TFTP root and not installed: apt-get install ipxe): BIOS clients will get nothing",
                "snponly.efi is missing (not in the TFTP root and not installed: apt-get install ipxe): UEFI x64, UEFI HTTP Boot clients will get nothing",
            ],
            warnings);
    }

    [Fact]
    public void A_file_installed_by_the_system_or_put_in_the_root_is_served_and_not_reported()
    {
        Install("usr/lib/ipxe/undionly.kpxe");
        File.WriteAllText(Path.Combine(_root, "snponly.efi"), "an admin's own build");

        Assert.Empty(OfferedBootFiles.Missing(Options()));
    }

    [Fact]
    public void Boot_file_options_and_an_ipxe_script_in_the_root_are_checked_too()
    {
        Install("usr/lib/ipxe/undionly.kpxe");
        var options = Options() with
        {
            Boot = new BootOptions { UefiBootFile = "custom/boot.efi", Arm64BootFile = "arm64.efi", IpxeScript = "boot.ipxe", HttpBootUrl = "http://10.0.0.1/x.efi" },
        };

        Assert.Equal(
            [
                $"custom/boot.efi is missing (not in the TFTP root {_root}): UEFI x64 clients will get nothing",
                $"arm64.efi is missing (not in the TFTP root {_root}): UEFI arm64 clients will get nothing",
                $"boot.ipxe is missing (not in the TFTP root {_root}): iPXE clients will get nothing",
            ],
            OfferedBootFiles.Missing(options));
    }

    [Fact]
    public void A_plan_with_a_default_names_its_loaders_files_and_not_the_boot_file_options()
    {
        var errors = new List<ConfigError>();
        var config = ConfigLoader.Parse("profiles:\n  disk: {local: true}\ndefaults:\n  boot: disk\n  loader: pxelinux\n", "pxehost.yaml", errors)!;

        Assert.Equal(
            [
                "pxelinux.0 is missing (not in the TFTP root and not installed: apt-get install pxelinux): BIOS clients will get nothing",
                "efi64/syslinux.efi is missing (not in the TFTP root and not installed: apt-get install syslinux-efi): UEFI x64 clients will get nothing",
            ],
            OfferedBootFiles.Missing(Options() with { Config = config }));
    }

    [Fact]
    public void Quick_mode_offers_ipxe_alone_and_files_only_serving_offers_nothing()
    {
        Install("usr/lib/ipxe/snponly.efi");
        var quick = Options() with { Quick = new QuickBoot("/vmlinuz", [], string.Empty), Boot = new BootOptions { BiosBootFile = "pxelinux.0" } };

        Assert.Equal(
            ["undionly.kpxe is missing (not in the TFTP root and not installed: apt-get install ipxe): BIOS clients will get nothing"],
            OfferedBootFiles.Missing(quick));
        Assert.Empty(OfferedBootFiles.Missing(Options() with { Dhcp = null }));
    }

    private void Install(string path)
    {
        var full = Path.Combine(_system, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "from the package");
    }

    private PxeHostOptions Options() => new()
    {
        Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback] },
        Dhcp = new DhcpServerOptions { Interfaces = ["lo"], Mode = DhcpMode.Proxy },
        Files = new FileTreeOptions { Root = _root, SystemFiles = SystemBootloaders.FoundFiles(SystemBootloaders.DiscoverUnder(_system)) },
    };
}
