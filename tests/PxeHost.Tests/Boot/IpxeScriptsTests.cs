using PxeHost.Boot.Policy;
using System.Net;
using PxeHost.Boot;

namespace PxeHost.Tests.Boot;

/// <summary>The iPXE scripts PxeHost generates, as exact text.</summary>
public sealed class IpxeScriptsTests
{
    private static readonly BootUrls Urls = new(8080);

    private static string Url(string path) => Urls.HttpUrl(IPAddress.Parse("10.0.0.1"), path);

    [Fact]
    public void Quick_script_names_every_initrd_on_the_kernel_line_and_registers_it_under_that_name()
    {
        var boot = new QuickBoot("/srv/debian/vmlinuz", ["/srv/debian/initrd.gz", "/tmp/extra/firmware.cpio.gz"], "console=ttyS0 quiet");

        Assert.Equal(
            "#!ipxe\n"
            + "echo PxeHost quick boot: ${mac} (${platform} ${buildarch})\n"
            + "kernel http://10.0.0.1:8080/quick/0/vmlinuz initrd=initrd.gz initrd=firmware.cpio.gz console=ttyS0 quiet\n"
            + "initrd --name initrd.gz http://10.0.0.1:8080/quick/1/initrd.gz\n"
            + "initrd --name firmware.cpio.gz http://10.0.0.1:8080/quick/2/firmware.cpio.gz\n"
            + "boot\n",
            IpxeScripts.Quick(boot, Url));
    }

    [Fact]
    public void Quick_mode_describes_what_it_serves_with_every_url_and_tftp_name_and_the_command_line()
    {
        var boot = new QuickBoot("/srv/debian/vmlinuz", ["/srv/debian/initrd.gz"], "console=ttyS0 quiet");

        Assert.Equal(
            [
                "kernel /srv/debian/vmlinuz at http://10.0.0.1:8080/quick/0/vmlinuz, http://10.0.1.1:8080/quick/0/vmlinuz (TFTP quick/0/vmlinuz)",
                "initrd /srv/debian/initrd.gz at http://10.0.0.1:8080/quick/1/initrd.gz, http://10.0.1.1:8080/quick/1/initrd.gz (TFTP quick/1/initrd.gz)",
                "cmdline initrd=initrd.gz console=ttyS0 quiet",
            ],
            IpxeScripts.DescribeQuick(boot, [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.1.1")], 8080));
    }

    [Fact]
    public void Quick_script_without_initrds_or_command_line_has_a_bare_kernel_line()
    {
        Assert.Equal(
            "#!ipxe\n"
            + "echo PxeHost quick boot: ${mac} (${platform} ${buildarch})\n"
            + "kernel http://10.0.0.1:8080/quick/0/memtest.efi\n"
            + "boot\n",
            IpxeScripts.Quick(new QuickBoot("/boot/memtest.efi", [], string.Empty), Url));
    }

    [Fact]
    public void Nothing_configured_script_says_why_and_returns_to_the_firmware()
    {
        Assert.Equal(
            "#!ipxe\n"
            + "echo PxeHost: nothing to boot for 52-54-00-12-34-56: no script\n"
            + "echo Set --ipxe-script (a file under the TFTP root or a URL). Back to the firmware in 10 seconds.\n"
            + "sleep 10\n"
            + "exit 1\n",
            IpxeScripts.NothingConfigured("52-54-00-12-34-56", "no script"));
    }

    [Theory]
    [InlineData(80, "http://10.0.0.1/")]
    [InlineData(8080, "http://10.0.0.1:8080/")]
    public void Url_base_names_the_port_only_when_it_is_not_80(int port, string expected) =>
        Assert.Equal(expected, IpxeScripts.UrlBase(IPAddress.Parse("10.0.0.1"), port));

    [Fact]
    public void Quick_paths_number_the_files_and_keep_only_the_name()
    {
        Assert.Equal("quick/0/vmlinuz", IpxeScripts.QuickPath(0, "/srv/debian/vmlinuz"));
        Assert.Equal("quick/2/firmware.cpio.gz", IpxeScripts.QuickPath(2, "/tmp/extra/firmware.cpio.gz"));
    }
}
