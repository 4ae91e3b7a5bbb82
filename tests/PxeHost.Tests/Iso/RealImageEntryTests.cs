using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>
/// The finder over the trees of real boot media: memtest86+'s and iPXE's ISOs as Debian ships them
/// (extracted with xorriso), and the Debian installer's netboot files laid out as an ISO of them
/// would be, with their own syslinux menus and grub.cfg.
/// </summary>
public sealed class RealImageEntryTests
{
    private const string Memtest = "/usr/lib/memtest86+/memtest86+x64.iso";
    private const string Ipxe = "/usr/lib/ipxe/ipxe.iso";
    private const string Netboot = "/usr/lib/debian-installer/images/12/amd64/text";

    [Fact]
    public void Memtest86plus_iso_with_no_configuration_offers_its_efi_kernel_as_a_memtest_entry_for_bios_and_uefi()
    {
        using var image = ImageFolder.Extract(Memtest, "MT86PLUS_64");

        var scan = image.Scan(new FileInfo(Memtest).Length);

        // EFI/BOOT/bootx64.efi and boot/floppy.img are the same memtest86+ build (one version string):
        // the PE one is kept, since it starts on UEFI as well as by the Linux 16-bit protocol on BIOS.
        var entry = Assert.Single(scan.Entries);
        Assert.Equal(IsoEntryKind.Linux, entry.Kind);
        Assert.Equal("EFI/BOOT/bootx64.efi", entry.Kernel);
        Assert.Equal("memtest", entry.Family);
        Assert.StartsWith("Memtest86+ v6", entry.Title, StringComparison.Ordinal);
        Assert.Equal(IsoFirmware.Bios | IsoFirmware.Uefi, entry.Firmware);
        Assert.Empty(entry.Initrds);
        Assert.Contains("loaded as a Linux kernel", entry.Note, StringComparison.Ordinal);
        Assert.Equal(145408 + (16L << 20), entry.RamBytes);
    }

    [Fact]
    public void Ipxe_iso_offers_its_linux_form_kernel_to_bios_only()
    {
        using var image = ImageFolder.Extract(Ipxe, "iPXE");

        var scan = image.Scan(new FileInfo(Ipxe).Length);

        // isolinux.cfg: LABEL ipxe.lkrn / KERNEL ipxe.krn — iPXE built as a Linux bzImage (protocol
        // 2.07: no PE stub, no EFI handover), so GRUB on UEFI cannot start it; UEFI would need the
        // ipxe.efi inside efi.img, a FAT image the tree does not open.
        var entry = Assert.Single(scan.Entries);
        Assert.Equal(IsoEntryKind.Linux, entry.Kind);
        Assert.Equal("ipxe.krn", entry.Kernel);
        Assert.Equal("ipxe.lkrn", entry.Title);
        Assert.Equal(IsoFirmware.Bios, entry.Firmware);
        Assert.Equal("plain", entry.Family);
        Assert.Equal("the kernel alone", entry.Method);
        Assert.Equal("isolinux.cfg:5", entry.Origin);
        Assert.Contains("BIOS only", entry.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Debian_installer_netboot_files_as_an_iso_give_the_isolinux_and_grub_entries_merged_where_equal()
    {
        using var image = DebianNetbootImage();

        var scan = image.Scan(60L << 20);

        var install = scan.Entries[0];
        Assert.Equal("Install", install.Title);
        Assert.Equal("debian-installer/amd64/linux", install.Kernel);
        Assert.Equal(["debian-installer/amd64/initrd.gz"], install.Initrds);
        Assert.Equal("vga=788 --- quiet", install.Arguments);
        Assert.Equal("debian-installer", install.Family);
        Assert.Equal("all in the initrd", install.Method);
        Assert.Equal(string.Empty, install.NetworkArguments);
        Assert.Equal(IsoFirmware.Bios | IsoFirmware.Uefi, install.Firmware);
        Assert.Contains("debian-installer/amd64/boot-screens/txt.cfg:1", install.Origin, StringComparison.Ordinal);
        Assert.Contains("boot/grub/grub.cfg:", install.Origin, StringComparison.Ordinal);
        var kernel = new FileInfo(Path.Combine(image.Root, "debian-installer/amd64/linux")).Length;
        var initrd = new FileInfo(Path.Combine(image.Root, "debian-installer/amd64/initrd.gz")).Length;
        Assert.Equal(kernel + (3 * initrd) + (192L << 20), install.RamBytes);

        // Entries only GRUB offers (the desktop choices) are there too, under their submenu titles;
        // those both offer (expert, rescue, automated, dark) appear once, and vesamenu.c32 and the
        // Help label (CONFIG prompt.cfg) are not entries.
        Assert.Contains(scan.Entries, e => e.Title == "Advanced options ... > ... Desktop environment menu ... > ... GNOME desktop boot menu ... > ... Install"
            && e.Arguments == "desktop=gnome vga=788 --- quiet");
        Assert.Single(scan.Entries, e => e.Arguments == "priority=low vga=788 ---");
        Assert.Single(scan.Entries, e => e.Arguments == "vga=788 rescue/enable=true --- quiet");
        Assert.Equal("Accessible dark contrast installer menu > Install", Assert.Single(scan.Entries, e => e.Arguments == "vga=788 theme=dark --- quiet").Title);
        Assert.All(scan.Entries, e => Assert.Equal("debian-installer", e.Family));
        Assert.Equal(scan.Entries.Count, scan.Entries.DistinctBy(e => e.Arguments).Count());
    }

    /// <summary>
    /// The netboot tree as an ISO would hold it: the syslinux menus' paths are relative to the boot
    /// root, so the menu's syslinux.cfg becomes the image's root isolinux.cfg; grub.cfg goes where
    /// GRUB looks on a CD.
    /// </summary>
    private static ImageFolder DebianNetbootImage()
    {
        var image = new ImageFolder("DEBIAN_NETBOOT");
        var amd64 = Path.Combine(Netboot, "debian-installer/amd64");
        image.Copy("isolinux.cfg", Path.Combine(amd64, "boot-screens/syslinux.cfg"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(amd64, "boot-screens"), "*.cfg"))
        {
            image.Copy($"debian-installer/amd64/boot-screens/{Path.GetFileName(file)}", file);
        }

        image.Copy("debian-installer/amd64/boot-screens/vesamenu.c32", Path.Combine(amd64, "boot-screens/vesamenu.c32"));
        image.Copy("debian-installer/amd64/linux", Path.Combine(amd64, "linux"));
        image.Copy("debian-installer/amd64/initrd.gz", Path.Combine(amd64, "initrd.gz"));
        image.Copy("boot/grub/grub.cfg", Path.Combine(amd64, "grub/grub.cfg"));
        return image;
    }
}
