using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>
/// isolinux configuration as images write it: keywords in any case, INCLUDE and MENU INCLUDE,
/// DEFAULT first, MENU LABEL hotkeys, TEXT HELP skipped, hidden labels and modules left out, paths
/// relative to the configuration's folder, initrd= words moved to the initrds, APPEND -.
/// </summary>
public sealed class SyslinuxConfigTests
{
    [Fact]
    public void Labels_are_read_with_includes_default_hotkeys_and_relative_paths()
    {
        using var image = new ImageFolder("SYSLINUXTEST")
            .Bytes("boot/vmlinuz", 1000).Bytes("isolinux/initrd.a", 100).Bytes("boot/initrd.b", 100)
            .Text("isolinux/isolinux.cfg", """
                UI vesamenu.c32
                DEFAULT second
                Menu Include sub/menu.cfg
                LABEL first
                  MENU LABEL ^First ^entry
                  KERNEL ../boot/vmlinuz
                  APPEND initrd=initrd.a,/boot/initrd.b quiet
                label second
                  menu label Sec^ond
                  linux /boot/vmlinuz
                  initrd initrd.a
                  append -
                LABEL hidden
                  MENU HIDE
                  KERNEL /boot/vmlinuz
                  APPEND hidden
                LABEL hdt
                  KERNEL hdt.c32
                LABEL local
                  LOCALBOOT 0
                  TEXT HELP
                  label fake
                  kernel /boot/vmlinuz
                  ENDTEXT
                """)
            .Text("isolinux/sub/menu.cfg", "label third\n kernel /boot/vmlinuz\n append third\n");

        var scan = image.Scan();

        Assert.Equal(["Second", "third", "First entry"], scan.Entries.Select(e => e.Title));
        var second = scan.Entries[0];
        Assert.Equal(string.Empty, second.Arguments);
        Assert.Equal(["isolinux/initrd.a"], second.Initrds);
        Assert.Equal("isolinux/isolinux.cfg:8", second.Origin);
        var first = scan.Entries[2];
        Assert.Equal("boot/vmlinuz", first.Kernel);
        Assert.Equal(["isolinux/initrd.a", "boot/initrd.b"], first.Initrds);
        Assert.Equal("quiet", first.Arguments);
        Assert.Equal("isolinux/sub/menu.cfg:1", scan.Entries[1].Origin);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void Config_outside_a_label_restarts_with_another_file_and_its_folder_becomes_the_working_folder()
    {
        // Inside a label CONFIG is that label's kind (a link to another menu); before any label it
        // restarts reading, dropping what was read (the global APPEND too).
        using var image = new ImageFolder("CONFIGTEST")
            .Bytes("boot/syslinux/vmlinuz", 1000).Bytes("isolinux/vmlinuz", 1000)
            .Text("isolinux/isolinux.cfg", "default before\nappend global\nCONFIG /boot/syslinux/real.cfg /boot/syslinux/\nlabel after\n kernel vmlinuz\n")
            .Text("boot/syslinux/real.cfg", "LABEL real\n LINUX vmlinuz\n APPEND real\n");

        var entry = Assert.Single(image.Scan().Entries);

        Assert.Equal("boot/syslinux/vmlinuz", entry.Kernel);
        Assert.Equal("real", entry.Arguments);
        Assert.Equal("boot/syslinux/real.cfg:1", entry.Origin);
    }

    [Fact]
    public void A_menu_of_only_modules_and_localboot_gives_the_whole_image_for_bios()
    {
        using var image = new ImageFolder("FREEDOS")
            .Text("isolinux/isolinux.cfg", "default hdt\nlabel hdt\n kernel hdt.c32\nlabel chain\n com32 chain.c32\n append hd0\nlabel local\n localboot 0\n");

        var entry = Assert.Single(image.Scan(40L << 20).Entries);

        Assert.Equal(IsoEntryKind.WholeImage, entry.Kind);
        Assert.Equal("FREEDOS", entry.Title);
        Assert.Null(entry.Kernel);
        Assert.Equal(IsoFirmware.Bios, entry.Firmware);
        Assert.Equal((40L << 20) + (16L << 20), entry.RamBytes);
        Assert.Contains("offers no Linux entry (3 other)", entry.Note, StringComparison.Ordinal);
        Assert.Contains("loads the whole image (40 MiB) into RAM with memdisk", entry.Note, StringComparison.Ordinal);
        Assert.Contains("BIOS only", entry.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_with_no_configuration_over_2_GiB_says_memdisk_cannot_hold_it()
    {
        using var image = new ImageFolder("WIN_DATA").Bytes("EFI/BOOT/BOOTX64.EFI", 5000).Bytes("sources/boot.wim", 100);

        var entry = Assert.Single(image.Scan(3L << 30).Entries);

        Assert.Equal(IsoEntryKind.WholeImage, entry.Kind);
        Assert.Equal(IsoFirmware.Bios | IsoFirmware.Uefi, entry.Firmware);
        Assert.Equal("whole image, iPXE sanboot over HTTP", entry.Method);
        Assert.Contains("will not fit in RAM", entry.Note, StringComparison.Ordinal);
        Assert.Contains("no boot configuration", entry.Note, StringComparison.Ordinal);
    }
}
