using System.Net;
using PxeHost.Boot;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Policy;
using PxeHost.Configuration;
using PxeHost.Iso;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Iso;

/// <summary>A plan naming an image's entries: the profiles it resolves to, as each loader renders them, and the errors of a bad reference.</summary>
public sealed class IsoPlanTests : IDisposable
{
    private const string File = "/etc/pxehost/pxehost.yaml";

    private const string Plan = """
        profiles:
          live:
            iso: live
            cmdline: console=ttyS0
          safe:
            title: Safe mode
            iso: live
            entry: "live system (bios safe mode)"
          whole:
            iso: live
            entry: 3
        menus:
          images:
            title: Images
            timeout: 5
            entries: [live, safe, whole]
        defaults:
          boot: images
        """;

    private static readonly BootClient Bios = new(DhcpCaptures.Mac("52:54:00:00:00:01"), null, ClientArchitecture.IntelX86Bios, FirmwareStage.Firmware, null);
    private static readonly BootClient Uefi = new(DhcpCaptures.Mac("52:54:00:00:00:01"), null, ClientArchitecture.EfiX64, FirmwareStage.Firmware, null);
    private static readonly ResolveContext Context = new(IPAddress.Parse("10.0.0.1"), 8080);

    private readonly TestImages _images = new();
    private readonly IsoCatalog _catalog;

    public IsoPlanTests()
    {
        _catalog = new IsoCatalog(_images.Library());
        _catalog.Library.Add(_images.Make("live", TestImages.LiveEntries), null, null, null, CancellationToken.None, out _);
        _catalog.Refresh();
    }

    public void Dispose() => _images.Dispose();

    [Fact]
    public void An_entry_becomes_a_profile_served_from_inside_the_image_with_the_images_and_the_profiles_arguments()
    {
        var plan = Load(Plan).Plan;

        var live = plan.Profiles["live"];
        Assert.Equal(ProfileKind.Linux, live.Kind);
        Assert.Equal("Live system", live.Title);
        Assert.Equal("iso/live/live/vmlinuz", live.Kernel);
        Assert.Equal(["iso/live/live/initrd.img"], live.Initrds);
        Assert.Equal("boot=live quiet fetch=${http}/iso/live/live/filesystem.squashfs console=ttyS0", live.CommandLine);
        Assert.Equal("Safe mode", plan.Profiles["safe"].Title);
        Assert.Equal(IsoFirmware.Bios, plan.Profiles["safe"].Firmware);
        Assert.Equal(ProfileKind.WholeImage, plan.Profiles["whole"].Kind);
        Assert.Equal("iso/live.iso", plan.Profiles["whole"].Image);
    }

    [Fact]
    public void Ipxe_boots_the_kernel_over_http_from_inside_the_image_and_sanboots_the_whole_image()
    {
        Assert.Equal("""
            #!ipxe
            # PxeHost: Images
            :pxehost.menu
            menu Images
            item live Live system
            item safe Safe mode
            item whole Whole image
            choose --timeout 5000 --default live selected || set selected live
            goto ${selected}

            :live
            kernel http://10.0.0.1:8080/iso/live/live/vmlinuz initrd=initrd.img boot=live quiet fetch=http://10.0.0.1:8080/iso/live/live/filesystem.squashfs console=ttyS0 || goto pxehost.failed
            initrd --name initrd.img http://10.0.0.1:8080/iso/live/live/initrd.img || goto pxehost.failed
            boot || goto pxehost.failed

            :safe
            kernel http://10.0.0.1:8080/iso/live/live/vmlinuz initrd=initrd.img boot=live nomodeset || goto pxehost.failed
            initrd --name initrd.img http://10.0.0.1:8080/iso/live/live/initrd.img || goto pxehost.failed
            boot || goto pxehost.failed

            :whole
            sanboot http://10.0.0.1:8080/iso/live.iso || goto pxehost.failed

            :pxehost.failed
            echo PxeHost: could not boot ${selected}; back to the menu in 10 seconds
            imgfree
            sleep 10
            goto pxehost.menu

            """, Render(BootLoader.Ipxe, Bios));
    }

    [Fact]
    public void Pxelinux_loads_kernels_with_LINUX_and_the_whole_image_with_memdisk_on_bios()
    {
        Assert.Equal("""
            # PxeHost: Images
            UI menu.c32
            MENU TITLE Images
            TIMEOUT 50
            DEFAULT live

            LABEL live
              MENU LABEL Live system
              MENU DEFAULT
              LINUX /iso/live/live/vmlinuz
              INITRD /iso/live/live/initrd.img
              APPEND boot=live quiet fetch=http://10.0.0.1:8080/iso/live/live/filesystem.squashfs console=ttyS0

            LABEL safe
              MENU LABEL Safe mode
              LINUX /iso/live/live/vmlinuz
              INITRD /iso/live/live/initrd.img
              APPEND boot=live nomodeset

            LABEL whole
              MENU LABEL Whole image
              LINUX /memdisk
              INITRD /iso/live.iso
              APPEND iso raw

            """, Render(BootLoader.Pxelinux, Bios));
    }

    [Fact]
    public void Pxelinux_on_uefi_leaves_out_the_bios_entry_and_memdisk_and_says_why()
    {
        Assert.Equal("""
            # PxeHost: Images
            # left out: Safe mode: offered to BIOS only
            # left out: Whole image: memdisk boots whole images on BIOS only
            UI menu.c32
            MENU TITLE Images
            TIMEOUT 50
            DEFAULT live

            LABEL live
              MENU LABEL Live system
              MENU DEFAULT
              LINUX /iso/live/live/vmlinuz
              INITRD /iso/live/live/initrd.img
              APPEND boot=live quiet fetch=http://10.0.0.1:8080/iso/live/live/filesystem.squashfs console=ttyS0

            """, Render(BootLoader.Pxelinux, Uefi));
    }

    [Fact]
    public void Grub_cannot_boot_a_whole_image_and_leaves_it_out_with_the_reason()
    {
        Assert.Equal("""
            # PxeHost: Images
            # left out: Whole image: GRUB cannot boot a whole image (iPXE sanboot or PXELINUX memdisk can)
            set default=live
            set timeout=5

            menuentry "Live system" --id live {
            	linux /iso/live/live/vmlinuz boot=live quiet fetch=http://10.0.0.1:8080/iso/live/live/filesystem.squashfs console=ttyS0
            	initrd /iso/live/live/initrd.img
            }

            menuentry "Safe mode" --id safe {
            	linux /iso/live/live/vmlinuz boot=live nomodeset
            	initrd /iso/live/live/initrd.img
            }

            """, Render(BootLoader.Grub, Bios));
    }

    [Theory]
    [InlineData("iso: other", 3, "profiles.a.iso", "no image named 'other' (pxehost iso list shows the images; pxehost iso add imports one)")]
    [InlineData("iso: live\n    entry: 4", 4, "profiles.a.entry", "image 'live' has 3 entries (1-3), not 4")]
    [InlineData("iso: live\n    entry: 0", 4, "profiles.a.entry", "image 'live' has 3 entries (1-3), not 0")]
    [InlineData("iso: live\n    entry: Nope", 4, "profiles.a.entry", "image 'live' has no entry titled \"Nope\" (its entries: \"Live system\", \"Live system (BIOS safe mode)\", \"Whole image\")")]
    [InlineData("kernel: vmlinuz\n    entry: 1", 4, "profiles.a.entry", "goes with iso: NAME (the image whose entry it is)")]
    [InlineData("iso: live\n    kernel: vmlinuz", 3, "profiles.a", "needs exactly one of: kernel, iso, local: true, memtest: true, chain")]
    public void A_bad_reference_to_an_image_is_an_error_with_its_line_and_key(string body, int line, string key, string message)
    {
        var errors = new List<ConfigError>();

        var config = ConfigLoader.Parse($"profiles:\n  a:\n    {body}\n", File, errors, _catalog.Find);

        Assert.Null(config);
        Assert.Equal(new ConfigError(File, line, key, message), Assert.Single(errors));
    }

    [Fact]
    public void A_refused_image_cannot_be_named()
    {
        TestImages.MakeCorrupt("broken", _images.Folder);
        _catalog.Refresh();
        var errors = new List<ConfigError>();

        ConfigLoader.Parse("profiles:\n  a:\n    iso: broken\n", File, errors, _catalog.Find);

        Assert.Equal(new ConfigError(File, 3, "profiles.a.iso", $"image 'broken' is refused: no folder {_images.Folder}/broken.tree"), Assert.Single(errors));
    }

    private PxeHostConfig Load(string yaml)
    {
        var errors = new List<ConfigError>();
        var config = ConfigLoader.Parse(yaml, File, errors, _catalog.Find);
        Assert.Empty(errors);
        return config!;
    }

    private string Render(BootLoader loader, BootClient client) =>
        PlanBootPolicy.Render(PlanResolver.Resolve(Load(Plan).Plan, client, Context, loader)!).Replace("\r", string.Empty, StringComparison.Ordinal);
}
