using PxeHost.Boot.Policy;
using PxeHost.Tests.Support;
using System.Net.NetworkInformation;
using System.Text;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Protocol.Dhcp;
using static PxeHost.Tests.Boot.Plan.TestPlans;

namespace PxeHost.Tests.Boot.Policy;

/// <summary>
/// The plan's files as TFTP and HTTP see them: published files by path, and per-client PXELINUX,
/// GRUB and iPXE configurations rendered from the plan when a loader asks by its own file name.
/// </summary>
public sealed class PlanBootPolicyFilesTests
{
    private const int HttpPort = 8080;

    private static PlanBootPolicy Files(BootPlanSet? plan = null) => TestPolicies.Plan(plan ?? Create(), httpPort: HttpPort);

    private static string? Generate(PlanBootPolicy files, string path) =>
        files.Generate(path, Server, ClientIp) is { } bytes ? Encoding.UTF8.GetString(bytes.Span) : null;

    /// <summary>The script <c>/boot/MAC.ipxe</c> serves, or null when the plan says nothing and the flags' explanation is served.</summary>
    private static string? Script(PlanBootPolicy files, PhysicalAddress mac, ClientArchitecture architecture)
    {
        var script = files.IpxeScriptAsync(new PxeHost.Boot.BootClient(mac, null, architecture, PxeHost.Boot.FirmwareStage.Ipxe, null), Server, ClientIp, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return script.Contains("nothing to boot", StringComparison.Ordinal) ? null : script;
    }

    /// <summary>What the renderer makes of the client's plan for this loader: the text Generate must serve.</summary>
    private static string Expected(PhysicalAddress mac, ClientArchitecture architecture, BootLoader loader) =>
        PlanBootPolicy.Render(PlanResolver.Resolve(Create(), Client(mac, architecture), new ResolveContext(Server, HttpPort) { ClientAddress = ClientIp }, loader)!);

    [Fact]
    public void Files_named_by_absolute_path_are_published_and_nothing_else()
    {
        var files = Files();

        Assert.Equal("/srv/images/debian/vmlinuz", files.Published("files/linux/vmlinuz"));
        Assert.Null(files.Published("initrd/base.img"));
        Assert.Null(files.Published("files/linux/base.img"));
        Assert.Null(files.Published("files/disk/vmlinuz"));
    }

    [Fact]
    public void Published_follows_the_plan_in_force()
    {
        var plans = new PlanSource(Create());
        var files = TestPolicies.Plan(plans, httpPort: HttpPort);

        plans.Replace(BootPlanSet.Empty);

        Assert.Null(files.Published("files/linux/vmlinuz"));
    }

    [Theory]
    [InlineData("pxelinux.cfg/01-52-54-00-12-34-56")]
    [InlineData("/pxelinux.cfg/01-52-54-00-12-34-56")]
    public void Pxelinux_config_by_mac_is_the_pxelinux_render_of_that_machines_plan(string path)
    {
        var text = Generate(Files(), path);

        // The machine's plan names iPXE, but a file asked for by PXELINUX is rendered for PXELINUX.
        Assert.Equal(Expected(Web, ClientArchitecture.IntelX86Bios, BootLoader.Pxelinux), text);
        Assert.Contains("  LINUX /files/linux/vmlinuz\n", text, StringComparison.Ordinal);
        Assert.Contains("  INITRD /initrd/base.img,http://mirror.example/extra.img\n", text, StringComparison.Ordinal);
        Assert.Contains("ip=10.0.0.77 host=web1 mac=52:54:00:12:34:56 srv=10.0.0.1 url=http://10.0.0.1:8080/preseed.cfg", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pxelinux_config_under_efi64_is_rendered_for_uefi()
    {
        var files = Files();

        var bios = Generate(files, "pxelinux.cfg/01-52-54-00-12-34-59");
        var uefi = Generate(files, "efi64/pxelinux.cfg/01-52-54-00-12-34-59");

        Assert.Equal(Expected(Tester, ClientArchitecture.IntelX86Bios, BootLoader.Pxelinux), bios);
        Assert.Equal(Expected(Tester, ClientArchitecture.EfiBc, BootLoader.Pxelinux), uefi);
        Assert.Contains("  LINUX /memtest86+x64.bin\n", bios, StringComparison.Ordinal);
        Assert.Contains("  LINUX /memtest86+x64.efi\n", uefi, StringComparison.Ordinal);
    }

    [Fact]
    public void Grub_config_by_mac_is_the_grub_render_of_that_machines_plan()
    {
        var text = Generate(Files(), "grub/grub.cfg-01-52-54-00-12-34-56");

        Assert.Equal(Expected(Web, ClientArchitecture.IntelX86Bios, BootLoader.Grub), text);
        Assert.Contains("set default=linux\n", text, StringComparison.Ordinal);
        Assert.Contains("\tlinux /files/linux/vmlinuz ", text, StringComparison.Ordinal);
        Assert.Contains("\tinitrd /initrd/base.img (http,mirror.example)/extra.img\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Grub_config_under_an_efi_prefix_is_rendered_for_uefi()
    {
        var files = Files();

        var bios = Generate(files, "grub/grub.cfg-01-52-54-00-12-34-5b");
        var uefi = Generate(files, "grub/x86_64-efi/grub.cfg-01-52-54-00-12-34-5b");

        Assert.Equal(Expected(Disk, ClientArchitecture.IntelX86Bios, BootLoader.Grub), bios);
        Assert.Equal(Expected(Disk, ClientArchitecture.EfiBc, BootLoader.Grub), uefi);
        Assert.Contains("\tchainloader +1\n", bios, StringComparison.Ordinal);
        Assert.Contains("\texit\n", uefi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pxelinux.cfg/default")]
    [InlineData("pxelinux.cfg/C0A8004D")]
    [InlineData("pxelinux.cfg/8b1c7a52-3c1f-4f6e-9d0b-2a4c6e8f0a1b")]
    [InlineData("grub/grub.cfg")]
    [InlineData("grub/grub.cfg-C0A8004D")]
    [InlineData("boot/52-54-00-12-34-56.ipxe")]
    [InlineData("01-52-54-00-12-34-56")]
    [InlineData("pxelinux.0")]
    public void Names_that_are_not_per_mac_configurations_generate_nothing(string path)
    {
        Assert.Null(Files(Create(defaultBoot: "main")).Generate(path, Server, ClientIp));
    }

    [Theory]
    [InlineData("pxelinux.cfg/01-52-54-00-ff-ff-ff")]
    [InlineData("grub/grub.cfg-01-52-54-00-ff-ff-ff")]
    [InlineData("pxelinux.cfg/01-52-54-00-12-34-58")]
    public void A_mac_without_a_plan_generates_nothing(string path)
    {
        Assert.Null(Files().Generate(path, Server, ClientIp));
    }

    [Fact]
    public void An_unknown_mac_gets_the_default_when_the_plan_has_one()
    {
        var text = Generate(Files(Create(defaultBoot: "main")), "pxelinux.cfg/01-52-54-00-ff-ff-ff");

        Assert.NotNull(text);
        Assert.Contains("MENU TITLE Lab menu\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_boot_once_machine_keeps_its_plan_until_it_fetches_the_kernel_then_gets_the_local_disk()
    {
        var once = new BootOnceRecord(null);
        var plans = new PlanSource(Create());
        var files = TestPolicies.Plan(plans, httpPort: HttpPort, once: once);
        var bootOnce = new BootOnce(plans, once);
        var localDisk = PlanBootPolicy.Render(PlanResolver.Resolve(
            Create(), Client(Installer), new ResolveContext(Server, HttpPort) { ClientAddress = ClientIp, BootedOnce = true }, BootLoader.Pxelinux)!);

        var first = Generate(files, "pxelinux.cfg/01-52-54-00-12-34-57");
        var again = Generate(files, "pxelinux.cfg/01-52-54-00-12-34-57");
        Assert.Null(bootOnce.OnFetched(Installer, null, "/files/linux/initrd.img"));
        Assert.Null(bootOnce.OnFetched(Web, null, "/files/linux/vmlinuz"));
        var used = bootOnce.OnFetched(Installer, null, "/files/linux/vmlinuz");
        var after = Generate(files, "pxelinux.cfg/01-52-54-00-12-34-57");

        Assert.Equal(Expected(Installer, ClientArchitecture.IntelX86Bios, BootLoader.Pxelinux), first);
        Assert.Equal(first, again);
        Assert.Equal("linux", used);
        Assert.Equal(localDisk, after);
        Assert.Contains("  LOCALBOOT 0\n", after, StringComparison.Ordinal);
        Assert.True(once.HasBooted(Installer));
        Assert.Null(bootOnce.OnFetched(Installer, null, "files/linux/vmlinuz"));
    }

    [Fact]
    public void A_line_removed_from_the_record_boots_the_plan_again_without_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("pxh-once-");
        try
        {
            var file = Path.Combine(directory.FullName, "boot-once.txt");
            var once = new BootOnceRecord(file);
            Assert.True(once.MarkBooted(Installer));
            Assert.True(once.MarkBooted(Web));
            Assert.True(new BootOnceRecord(file).HasBooted(Installer));

            File.WriteAllText(file, "52:54:00:12:34:56\n");

            Assert.False(once.HasBooted(Installer));
            Assert.True(once.HasBooted(Web));
            Assert.True(once.MarkBooted(Installer));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Only_machines_marked_once_with_a_plan_are_recorded()
    {
        var once = new BootOnceRecord(null);
        var files = TestPolicies.Plan(Create(), httpPort: HttpPort, once: once);

        Assert.NotNull(Script(files, Web, ClientArchitecture.EfiBc));
        Assert.Null(Script(files, Stranger, ClientArchitecture.EfiBc));
        Assert.Equal(Expected(Web, ClientArchitecture.EfiBc, BootLoader.Ipxe), Script(files, Web, ClientArchitecture.EfiBc));

        Assert.False(once.HasBooted(Web));
        Assert.False(once.HasBooted(Stranger));
    }

    [Fact]
    public void The_ipxe_script_is_the_ipxe_render_with_http_urls()
    {
        var script = Script(Files(), Web, ClientArchitecture.EfiBc);

        Assert.Equal(Expected(Web, ClientArchitecture.EfiBc, BootLoader.Ipxe), script);
        Assert.StartsWith("#!ipxe\n", script, StringComparison.Ordinal);
        Assert.Contains("http://10.0.0.1:8080/files/linux/vmlinuz", script, StringComparison.Ordinal);
        Assert.Null(Script(Files(), Stranger, ClientArchitecture.EfiBc));
    }
}
