namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// ISO images made in the test with xorriso, as a distribution would make them: isolinux for BIOS
/// (El Torito, no emulation) and GRUB for UEFI (an EFI System Partition image as the alternate boot
/// entry), each with its own boot configuration, so what PxeHost finds is what the image says. (The
/// payload image boots as a CD in QEMU on SeaBIOS and on OVMF alike: checked when this was written.)
/// </summary>
public static class TestIsos
{
    private const string Installer = "/usr/lib/debian-installer/images/12/amd64/text";

    /// <summary>
    /// The test payload in an image with two entries in both isolinux.cfg and grub.cfg; each entry's
    /// command line carries its own word (<c>m-iso-one</c>, <c>m-iso-two</c>), which the payload prints.
    /// </summary>
    public static async Task<string> PayloadAsync(string folder, LabPayload payload)
    {
        var tree = Tree(folder, "payload");
        Copy(payload.KernelPath, tree, "boot/vmlinuz");
        Copy(payload.InitrdPath, tree, "boot/initrd.gz");
        Write(tree, "isolinux/isolinux.cfg", """
            DEFAULT one
            PROMPT 0
            TIMEOUT 30
            UI menu.c32
            MENU TITLE PxeHost test image

            LABEL one
              MENU LABEL ^Payload one
              KERNEL /boot/vmlinuz
              APPEND initrd=/boot/initrd.gz console=ttyS0 m-iso-one

            LABEL two
              MENU LABEL Payload ^two
              LINUX /boot/vmlinuz
              INITRD /boot/initrd.gz
              APPEND console=ttyS0 m-iso-two
            """);
        Write(tree, "boot/grub/grub.cfg", """
            set timeout=3
            set default=0
            menuentry 'Payload one' {
                linux /boot/vmlinuz console=ttyS0 m-iso-one
                initrd /boot/initrd.gz
            }
            menuentry "Payload two" --class linux {
                linux /boot/vmlinuz console=ttyS0 m-iso-two
                initrd /boot/initrd.gz
            }
            """);
        return await MakeAsync(folder, tree, "payload.iso", "PXEHOST_TEST");
    }

    /// <summary>
    /// The Debian 12 installer's netboot files (package debian-installer-12-netboot-amd64) as a disc:
    /// its tree at the root, its own syslinux configuration as isolinux.cfg and its own grub.cfg.
    /// </summary>
    public static async Task<string> InstallerAsync(string folder)
    {
        var tree = Tree(folder, "installer");
        await ChildProgram.RunCheckedAsync("cp", "-a", $"{Installer}/debian-installer", tree);
        Copy($"{Installer}/debian-installer/amd64/boot-screens/syslinux.cfg", tree, "isolinux/isolinux.cfg");
        Copy($"{Installer}/debian-installer/amd64/grub/grub.cfg", tree, "boot/grub/grub.cfg");
        return await MakeAsync(folder, tree, "installer.iso", "DEBIAN_12_NETBOOT");
    }

    /// <summary>
    /// A dracut live image laid out as Fedora's live discs were (kernel and initrd in isolinux/, the root in
    /// LiveOS/squashfs.img), its entries as they write them: <c>root=live:CDLABEL=…</c> naming the disc,
    /// <c>rd.live.image</c>, and <c>rd.live.overlay.overlayfs=1</c> because its squashfs holds the root
    /// itself (no LiveOS/rootfs.img inside), which dracut without systemd mounts only under an overlay.
    /// </summary>
    public static async Task<string> LiveAsync(string folder, TestLiveSystem live)
    {
        const string Label = "PXEHOST_LIVE";
        var tree = Tree(folder, "live");
        Copy(live.KernelPath, tree, "isolinux/vmlinuz");
        Copy(live.InitrdPath, tree, "isolinux/initrd.img");
        Copy(live.SquashfsPath, tree, "LiveOS/squashfs.img");
        Write(tree, "isolinux/isolinux.cfg", $"""
            default menu.c32
            timeout 600
            menu title PxeHost Live

            label linux
              menu label ^Start PxeHost Live
              kernel vmlinuz
              append initrd=initrd.img root=live:CDLABEL={Label} rd.live.image rd.live.overlay.overlayfs=1 quiet
              menu default

            label check
              menu label Test this ^media & start PxeHost Live
              kernel vmlinuz
              append initrd=initrd.img root=live:CDLABEL={Label} rd.live.image rd.live.overlay.overlayfs=1 rd.live.check quiet
            """);
        Write(tree, "boot/grub/grub.cfg", $$"""
            set default="0"
            set timeout=60
            search --no-floppy --set=root -l '{{Label}}'
            menuentry 'Start PxeHost Live' --class gnu-linux --class gnu --class os {
                linux /isolinux/vmlinuz root=live:CDLABEL={{Label}} rd.live.image rd.live.overlay.overlayfs=1 quiet
                initrd /isolinux/initrd.img
            }
            menuentry 'Test this media & start PxeHost Live' --class gnu-linux --class gnu --class os {
                linux /isolinux/vmlinuz root=live:CDLABEL={{Label}} rd.live.image rd.live.overlay.overlayfs=1 rd.live.check quiet
                initrd /isolinux/initrd.img
            }
            """);
        return await MakeAsync(folder, tree, "live.iso", Label);
    }

    private static string Tree(string folder, string name)
    {
        var tree = Path.Combine(folder, name + "-tree");
        Directory.CreateDirectory(tree);
        return tree;
    }

    private static void Copy(string from, string tree, string to)
    {
        var target = Path.Combine(tree, to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(from, target, overwrite: true);
    }

    private static void Write(string tree, string path, string text)
    {
        var target = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text + "\n");
    }

    /// <summary>isolinux and its menu modules, a GRUB EFI image that reads the disc's grub.cfg, and xorriso.</summary>
    private static async Task<string> MakeAsync(string folder, string tree, string name, string label)
    {
        Copy("/usr/lib/ISOLINUX/isolinux.bin", tree, "isolinux/isolinux.bin");
        foreach (var module in new[] { "ldlinux.c32", "menu.c32", "libutil.c32", "libcom32.c32" })
        {
            Copy($"/usr/lib/syslinux/modules/bios/{module}", tree, $"isolinux/{module}");
        }

        var efi = Path.Combine(folder, name + ".efi");
        var embedded = Path.Combine(folder, name + ".embedded.cfg");
        // The standalone image's own memdisk holds boot/grub/grub.cfg too: find the disc by a file only it has,
        // and keep the prefix (GRUB's modules) in the memdisk.
        await File.WriteAllTextAsync(embedded, "search --no-floppy --file /isolinux/isolinux.bin --set=root\nconfigfile ($root)/boot/grub/grub.cfg\n");
        await ChildProgram.RunCheckedAsync("grub-mkstandalone", "-O", "x86_64-efi", "--compress=xz", "-o", efi, $"boot/grub/grub.cfg={embedded}");
        var esp = Path.Combine(tree, "boot", "efiboot.img");
        await ChildProgram.RunCheckedAsync("mkfs.vfat", "-C", esp, "8192");
        await ChildProgram.RunCheckedAsync("mmd", "-i", esp, "::/EFI", "::/EFI/BOOT");
        await ChildProgram.RunCheckedAsync("mcopy", "-i", esp, efi, "::/EFI/BOOT/BOOTX64.EFI");

        var iso = Path.Combine(folder, name);
        await ChildProgram.RunCheckedAsync("xorriso", "-as", "mkisofs", "-quiet", "-o", iso, "-R", "-J", "-V", label,
            "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
            "-eltorito-alt-boot", "-e", "boot/efiboot.img", "-no-emul-boot", tree);
        File.SetUnixFileMode(iso, (UnixFileMode)0b110_100_100);
        return iso;
    }
}
