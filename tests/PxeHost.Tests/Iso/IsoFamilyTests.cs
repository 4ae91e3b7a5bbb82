using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>
/// Live and installer images of each family, as fixture folders: small dummy files and boot
/// configurations modelled on the real images' isolinux.cfg and grub.cfg. Each entry must say what
/// to add for a network boot, which CD-only words it dropped, its method and the RAM it needs
/// (kernel + 3 × initrds + what is fetched + 192 MiB).
/// </summary>
public sealed class IsoFamilyTests
{
    private const long Base = 192L << 20;

    [Fact]
    public void Debian_live_fetches_its_squashfs_and_its_grub_loopback_and_isolinux_entries_merge()
    {
        using var image = new ImageFolder("d-live 12.2.0 st amd64")
            .Bytes("live/vmlinuz-6.1.0-13-amd64", 8000).Bytes("live/initrd.img-6.1.0-13-amd64", 30000)
            .Bytes("live/filesystem.squashfs", 500000).Bytes("install/vmlinuz", 7000).Bytes("install/initrd.gz", 20000)
            .Text("isolinux/isolinux.cfg", "include menu.cfg\ndefault vesamenu.c32\nprompt 0\ntimeout 0\n")
            .Text("isolinux/menu.cfg", "menu hshift 0\nmenu width 82\n\ninclude stdmenu.cfg\nmenu title Boot menu\ninclude live.cfg\ninclude install.cfg\nmenu clear\n")
            .Text("isolinux/stdmenu.cfg", "menu background splash.png\nmenu color title\t* #FFFFFFFF *\n")
            .Text("isolinux/install.cfg", "label installstart\n\tmenu label Start ^installer\n\tlinux /install/vmlinuz\n\tinitrd /install/initrd.gz\n\tappend vga=788  --- quiet\n")
            .Text("isolinux/live.cfg", """
                label live-amd64-fail
                	menu label Live system (amd64 fail-safe mode)
                	linux /live/vmlinuz-6.1.0-13-amd64
                	initrd /live/initrd.img-6.1.0-13-amd64
                	append boot=live components memtest noapic noapm nodma nomce nolapic nosmp nosplash vga=788

                label live-amd64
                	menu label ^Live system (amd64)
                	menu default
                	linux /live/vmlinuz-6.1.0-13-amd64
                	initrd /live/initrd.img-6.1.0-13-amd64
                	append boot=live components quiet splash findiso=${iso_path}
                """)
            .Text("boot/grub/config.cfg", "set menu_color_normal=cyan/blue\nset menu_color_highlight=white/blue\ninsmod play\nplay 960 440 1 0 4 440 1\n")
            .Text("boot/grub/grub.cfg", """
                source /boot/grub/config.cfg

                # Live boot
                menuentry "Live system (amd64)" --hotkey=l {
                	linux	/live/vmlinuz-6.1.0-13-amd64 boot=live components quiet splash findiso=${iso_path}
                	initrd	/live/initrd.img-6.1.0-13-amd64
                }
                menuentry "Start installer" --hotkey=i {
                	linux	/install/vmlinuz vga=788  --- quiet
                	initrd	/install/initrd.gz
                }
                """)
            .Text("boot/grub/loopback.cfg", """
                source /boot/grub/config.cfg
                menuentry "Live system (amd64)" --hotkey=l {
                	linux	/live/vmlinuz-6.1.0-13-amd64 boot=live components quiet splash findiso=${iso_path}
                	initrd	/live/initrd.img-6.1.0-13-amd64
                }
                """);

        var scan = image.Scan();

        Assert.Equal(["Live system (amd64)", "Live system (amd64 fail-safe mode)", "Start installer"], scan.Entries.Select(e => e.Title));
        var live = scan.Entries[0];
        Assert.Equal("live/vmlinuz-6.1.0-13-amd64", live.Kernel);
        Assert.Equal(["live/initrd.img-6.1.0-13-amd64"], live.Initrds);
        Assert.Equal("boot=live components quiet splash", live.Arguments);
        Assert.Equal("fetch=${iso}/live/filesystem.squashfs", live.NetworkArguments);
        Assert.Equal("debian-live", live.Family);
        Assert.Equal("squashfs into RAM over HTTP (fetch=)", live.Method);
        Assert.Equal(8000 + (3 * 30000) + 500000 + Base, live.RamBytes);
        Assert.Equal("isolinux/live.cfg:7, boot/grub/grub.cfg:4, boot/grub/loopback.cfg:2", live.Origin);
        Assert.Equal(IsoFirmware.Bios | IsoFirmware.Uefi, live.Firmware);

        var installer = scan.Entries[2];
        Assert.Equal("debian-installer", installer.Family);
        Assert.Equal("vga=788 --- quiet", installer.Arguments);
        Assert.Contains("installation medium", installer.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Ubuntu_server_without_boot_casper_downloads_the_whole_image_with_url()
    {
        using var image = new ImageFolder("Ubuntu-Server 22.04.3 LTS amd64")
            .Bytes("casper/vmlinuz", 9000).Bytes("casper/initrd", 40000).Bytes("casper/hwe-vmlinuz", 9100).Bytes("casper/hwe-initrd", 41000)
            .Text("boot/grub/grub.cfg", """
                set timeout=30

                loadfont unicode

                set menu_color_normal=white/black
                set menu_color_highlight=black/light-gray

                menuentry "Try or Install Ubuntu Server" {
                	set gfxpayload=keep
                	linux	/casper/vmlinuz  ---
                	initrd	/casper/initrd
                }
                menuentry "Ubuntu Server with the HWE kernel" {
                	set gfxpayload=keep
                	linux	/casper/hwe-vmlinuz  ---
                	initrd	/casper/hwe-initrd
                }
                grub_platform
                if [ "$grub_platform" = "efi" ]; then
                menuentry 'Boot from next volume' {
                	exit 1
                }
                menuentry 'UEFI Firmware Settings' {
                	fwsetup
                }
                else
                menuentry 'Test memory' {
                	linux16 /boot/memtest86+.bin
                }
                fi
                """)
            .Text("boot/grub/loopback.cfg", "menuentry \"Try or Install Ubuntu Server\" {\n\tset gfxpayload=keep\n\tlinux\t/casper/vmlinuz  iso-scan/filename=${iso_path} ---\n\tinitrd\t/casper/initrd\n}\n");
        const long imageLength = 2_000_000_000;

        var scan = image.Scan(imageLength);

        // The memtest entry names a file the image lacks: left out, with a problem.
        Assert.Equal(2, scan.Entries.Count);
        var server = scan.Entries[0];
        Assert.Equal("---", server.Arguments);
        Assert.Equal("url=${image} ip=dhcp", server.NetworkArguments);
        Assert.Equal("ubuntu-casper", server.Family);
        Assert.Equal("whole image into RAM over HTTP (url=)", server.Method);
        Assert.Equal(9000 + (3 * 40000) + imageLength + Base, server.RamBytes);
        Assert.Equal("boot/grub/grub.cfg:8, boot/grub/loopback.cfg:1", server.Origin);
        Assert.Contains(scan.Problems, p => p.Contains("/boot/memtest86+.bin is not in the image", StringComparison.Ordinal));
    }

    [Fact]
    public void Fedora_live_gets_root_live_over_http_and_the_media_test_entry_merges_into_start()
    {
        using var image = new ImageFolder("Fedora-WS-Live-39-1-5")
            .Bytes("images/pxeboot/vmlinuz", 13000).Bytes("images/pxeboot/initrd.img", 90000).Bytes("LiveOS/squashfs.img", 2_000_000)
            .Text("EFI/BOOT/grub.cfg", """
                set default="0"

                function load_video {
                  insmod all_video
                }

                load_video
                set gfxpayload=keep
                insmod gzio
                insmod part_gpt
                insmod ext2
                insmod chain

                set timeout=60
                ### END /etc/grub.d/00_header ###

                search --no-floppy --set=root -l 'Fedora-WS-Live-39-1-5'

                ### BEGIN /etc/grub.d/10_linux ###
                menuentry 'Start Fedora-Workstation-Live 39' --class fedora --class gnu-linux --class gnu --class os {
                	linuxefi /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-39-1-5  rd.live.image quiet rhgb
                	initrdefi /images/pxeboot/initrd.img
                }
                menuentry 'Test this media & start Fedora-Workstation-Live 39' --class fedora --class gnu-linux --class gnu --class os {
                	linuxefi /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-39-1-5  rd.live.image rd.live.check quiet rhgb
                	initrdefi /images/pxeboot/initrd.img
                }
                submenu 'Troubleshooting -->' {
                	menuentry 'Start Fedora-Workstation-Live 39 in basic graphics mode' --class fedora --class gnu-linux --class gnu --class os {
                		linuxefi /images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-39-1-5  rd.live.image nomodeset quiet rhgb
                		initrdefi /images/pxeboot/initrd.img
                	}
                	menuentry 'Boot first drive' --class fedora --class gnu-linux --class gnu --class os {
                		chainloader (hd0)+1
                	}
                }
                """);

        var scan = image.Scan();

        Assert.Equal(["Start Fedora-Workstation-Live 39", "Troubleshooting --> > Start Fedora-Workstation-Live 39 in basic graphics mode"], scan.Entries.Select(e => e.Title));
        var start = scan.Entries[0];
        Assert.Equal("images/pxeboot/vmlinuz", start.Kernel);
        Assert.Equal("rd.live.image quiet rhgb", start.Arguments);
        Assert.Equal("root=live:${iso}/LiveOS/squashfs.img rd.neednet=1 ip=dhcp", start.NetworkArguments);
        Assert.Equal("dracut-live", start.Family);
        Assert.Equal("squashfs into RAM over HTTP (root=live:)", start.Method);
        Assert.Equal(13000 + (3 * 90000) + 2_000_000 + Base, start.RamBytes);
        Assert.Equal("EFI/BOOT/grub.cfg:20, EFI/BOOT/grub.cfg:24", start.Origin);
        Assert.Contains("livenet", start.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Fedora_installer_gets_its_stage2_from_the_image_over_http()
    {
        using var image = new ImageFolder("Fedora-S-dvd-x86_64-39")
            .Bytes("images/pxeboot/vmlinuz", 13000).Bytes("images/pxeboot/initrd.img", 100000).Bytes("images/install.img", 700000)
            .Bytes("isolinux/vmlinuz", 13000).Bytes("isolinux/initrd.img", 100000)
            .Text("isolinux/isolinux.cfg", """
                default vesamenu.c32
                timeout 600

                menu title Fedora 39
                label linux
                  menu label ^Install Fedora 39
                  kernel vmlinuz
                  append initrd=initrd.img inst.stage2=hd:LABEL=Fedora-S-dvd-x86_64-39 quiet

                label check
                  menu label Test this ^media & install Fedora 39
                  menu default
                  kernel vmlinuz
                  append initrd=initrd.img inst.stage2=hd:LABEL=Fedora-S-dvd-x86_64-39 rd.live.check quiet

                menu separator
                label local
                  menu label Boot from ^local drive
                  localboot 0xffff
                """)
            .Text("EFI/BOOT/grub.cfg", "menuentry 'Install Fedora 39' --class fedora {\n\tlinuxefi /images/pxeboot/vmlinuz inst.stage2=hd:LABEL=Fedora-S-dvd-x86_64-39 quiet\n\tinitrdefi /images/pxeboot/initrd.img\n}\n");

        var scan = image.Scan();

        // isolinux's kernel (isolinux/vmlinuz) differs from GRUB's (images/pxeboot/vmlinuz): two entries.
        Assert.Equal(2, scan.Entries.Count);
        var check = scan.Entries[0];
        Assert.Equal("Test this media & install Fedora 39", check.Title);
        Assert.Equal("isolinux/vmlinuz", check.Kernel);
        Assert.Equal(["isolinux/initrd.img"], check.Initrds);
        Assert.Equal("quiet", check.Arguments);
        Assert.Equal("isolinux/isolinux.cfg:10, isolinux/isolinux.cfg:5", check.Origin);
        Assert.Equal("inst.stage2=${iso} ip=dhcp", check.NetworkArguments);
        Assert.Equal("fedora-installer", check.Family);
        Assert.Equal("installer image over HTTP (inst.stage2=)", check.Method);
        Assert.Equal(13000 + (3 * 100000) + 700000 + Base, check.RamBytes);
        Assert.Equal("images/pxeboot/vmlinuz", scan.Entries[1].Kernel);
    }

    [Fact]
    public void Arch_gets_archiso_http_srv_and_its_own_pxe_menu_is_left_out()
    {
        using var image = new ImageFolder("ARCH_202401")
            .Bytes("arch/boot/x86_64/vmlinuz-linux", 12000).Bytes("arch/boot/x86_64/initramfs-linux.img", 80000)
            .Bytes("arch/x86_64/airootfs.sfs", 900000).Bytes("boot/syslinux/whichsys.c32", 100)
            .Text("boot/syslinux/syslinux.cfg", "DEFAULT select\n\nLABEL select\nCOM32 whichsys.c32\nAPPEND -pxe- pxe -sys- sys -iso- sys\n\nLABEL pxe\nCONFIG archiso_pxe.cfg\n\nLABEL sys\nCONFIG archiso_sys.cfg\n")
            .Text("boot/syslinux/archiso_head.cfg", "SERIAL 0 115200\nUI vesamenu.c32\nMENU TITLE Arch Linux\nMENU BACKGROUND splash.png\n")
            .Text("boot/syslinux/archiso_sys.cfg", "INCLUDE archiso_head.cfg\n\nDEFAULT arch64\nTIMEOUT 150\n\nINCLUDE archiso_sys-linux.cfg\n\nINCLUDE archiso_tail.cfg\n")
            .Text("boot/syslinux/archiso_tail.cfg", "LABEL existing\nTEXT HELP\nBoot an existing operating system.\nENDTEXT\nMENU LABEL Boot existing OS\nCOM32 chain.c32\nAPPEND hd0 0\n\nLABEL reboot\nMENU LABEL Reboot\nCOM32 reboot.c32\n")
            .Text("boot/syslinux/archiso_sys-linux.cfg", """
                LABEL arch64
                TEXT HELP
                Boot the Arch Linux install medium on BIOS.
                LABEL not-a-label
                ENDTEXT
                MENU LABEL Arch Linux install medium (x86_64, BIOS)
                LINUX /arch/boot/x86_64/vmlinuz-linux
                INITRD /arch/boot/x86_64/initramfs-linux.img
                APPEND archisobasedir=arch archisosearchuuid=2024-01-01-10-00-00-00
                """)
            .Text("boot/syslinux/archiso_pxe.cfg", """
                LABEL arch64_http
                MENU LABEL Arch Linux install medium (x86_64, HTTP)
                LINUX ::/arch/boot/x86_64/vmlinuz-linux
                INITRD ::/arch/boot/x86_64/initramfs-linux.img
                APPEND archisobasedir=arch archisosearchuuid=2024-01-01-10-00-00-00 archiso_http_srv=http://${pxeserver}/ cms_verify=y
                SYSAPPEND 3
                """);

        var scan = image.Scan();

        var arch = Assert.Single(scan.Entries);
        Assert.Equal("Arch Linux install medium (x86_64, BIOS)", arch.Title);
        Assert.Equal("arch/boot/x86_64/vmlinuz-linux", arch.Kernel);
        Assert.Equal("archisobasedir=arch", arch.Arguments);
        Assert.Equal("archiso_http_srv=${iso}/ ip=dhcp", arch.NetworkArguments);
        Assert.Equal("arch", arch.Family);
        Assert.Equal("root image into RAM over HTTP (archiso_http_srv=)", arch.Method);
        Assert.Equal(12000 + (3 * 80000) + 900000 + Base, arch.RamBytes);
        Assert.Equal("boot/syslinux/archiso_sys-linux.cfg:1", arch.Origin);
        Assert.Contains(scan.Problems, p => p.Contains("already boots from a server of its own (archiso_http_srv=http://${pxeserver}/)", StringComparison.Ordinal));
    }

    [Fact]
    public void Memtest_named_kernel_in_a_grub_menu_is_a_memtest_entry_and_a_plain_kernel_is_plain()
    {
        using var image = new ImageFolder("TOOLS")
            .Copy("boot/memtest86+x64.bin", "/boot/memtest86+x64.bin").Bytes("boot/vmlinuz", 5000).Bytes("boot/initrd", 7000)
            .Text("boot/grub/grub.cfg", "menuentry 'Memory test' {\n\tlinux16 /boot/memtest86+x64.bin\n}\nmenuentry Rescue {\n\tlinux /boot/vmlinuz console=ttyS0\n\tinitrd /boot/initrd\n}\n");

        var scan = image.Scan();

        var memtest = scan.Entries[0];
        Assert.Equal("memtest", memtest.Family);
        Assert.Equal("the kernel alone (memtest86+)", memtest.Method);
        Assert.Equal(new FileInfo("/boot/memtest86+x64.bin").Length + (16L << 20), memtest.RamBytes);
        // Its setup header announces the 64-bit EFI handover entry: GRUB on UEFI can start it too.
        Assert.Equal(IsoFirmware.Bios | IsoFirmware.Uefi, memtest.Firmware);
        var rescue = scan.Entries[1];
        Assert.Equal("plain", rescue.Family);
        Assert.Equal("all in the initrd", rescue.Method);
        Assert.Equal(string.Empty, rescue.NetworkArguments);
        Assert.Equal(5000 + (3 * 7000) + Base, rescue.RamBytes);
    }
}
