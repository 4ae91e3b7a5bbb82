using PxeHost.Boot;
using PxeHost.Dhcp;
using PxeHost.Doctor;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Tftp;

namespace PxeHost.Tests.Doctor;

/// <summary>
/// The boot files DHCP answers name, looked for among the system's bootloaders beneath a folder of the
/// test's (a system without the ipxe package): each missing one blocks, with the package to install.
/// </summary>
public sealed class BootloaderCheckTests : IDisposable
{
    private readonly string _system = Directory.CreateTempSubdirectory("pxehost-system-").FullName;

    public void Dispose() => Directory.Delete(_system, recursive: true);

    [Fact]
    public void A_missing_bootloader_blocks_naming_the_package()
    {
        var findings = BootloaderCheck.Check(Options()).ToArray();

        Assert.Equal(
            [
                DoctorFinding.Blocks("undionly.kpxe is missing: BIOS clients will get nothing", "apt-get install ipxe"),
                DoctorFinding.Blocks("snponly.efi is missing: UEFI x64, UEFI HTTP Boot clients will get nothing", "apt-get install ipxe"),
            ],
            findings);
    }

    [Fact]
    public void Installed_bootloaders_are_ok()
    {
        foreach (var file in new[] { "usr/lib/ipxe/undionly.kpxe", "usr/lib/ipxe/snponly.efi" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_system, file))!);
            File.WriteAllText(Path.Combine(_system, file), "a bootloader");
        }

        var finding = Assert.Single(BootloaderCheck.Check(Options()));

        Assert.Equal(DoctorSeverity.Ok, finding.Severity);
    }

    private PxeHostOptions Options() => new()
    {
        Tftp = new TftpServerOptions(),
        Files = new FileTreeOptions { SystemFiles = SystemBootloaders.FoundFiles(SystemBootloaders.DiscoverUnder(_system)) },
        Dhcp = new DhcpServerOptions { Interfaces = [], Mode = DhcpMode.Proxy },
    };
}
