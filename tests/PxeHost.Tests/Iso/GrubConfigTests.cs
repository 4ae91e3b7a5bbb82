using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>
/// GRUB script as images write it: variables set and expanded (split at blanks outside quotes),
/// quotes and escapes, device prefixes, one-line blocks, submenus, if/else branches, source, and
/// entries that do not boot Linux.
/// </summary>
public sealed class GrubConfigTests
{
    [Fact]
    public void Variables_quotes_escapes_and_device_prefixes_are_resolved_like_grub_does()
    {
        using var image = Image("""
            set base=/k
            set opts="quiet splash"
            set root=cd0
            menuentry "Quoted \"title\" with 'single'" --class x --id q {
            	linux ($root)$base/vmlinuz $opts 'literal $opts' "a\$b" esc\ aped
            	initrd (cd)${base}/initrd
            }
            menuentry 'One line' { linux (hd0,msdos1)/k/vmlinuz one; initrd /k/initrd; }
            """);

        var entries = image.Scan().Entries;

        var quoted = entries[0];
        Assert.Equal("Quoted \"title\" with 'single'", quoted.Title);
        Assert.Equal("k/vmlinuz", quoted.Kernel);
        Assert.Equal(["k/initrd"], quoted.Initrds);
        Assert.Equal("quiet splash \"literal $opts\" a$b \"esc aped\"", quoted.Arguments);
        Assert.Equal("One line", entries[1].Title);
        Assert.Equal("one", entries[1].Arguments);
        Assert.Equal("boot/grub/grub.cfg:8", entries[1].Origin);
    }

    [Fact]
    public void Submenus_branches_and_sourced_files_give_entries_and_other_loaders_are_dropped()
    {
        using var image = Image("""
            submenu "More" {
            	menuentry "Inside" {
            		set local=x
            		linux /k/vmlinuz inside=$local
            		initrd /k/initrd
            	}
            	menuentry "Chain" { chainloader /efi/boot/x.efi; }
            	menuentry "Off" { halt; }
            	menuentry "Firmware" { fwsetup; }
            }
            menuentry "Leak" { linux /k/vmlinuz leak=$local; }
            if [ "$grub_platform" = "efi" ]; then
            	menuentry "In if" { linux /k/vmlinuz inif; initrd /k/initrd; }
            else
            	menuentry "In else" { linux /k/vmlinuz inelse; initrd /k/initrd; }
            fi
            source /boot/grub/more.cfg
            menuentry "After source" { linux $extra/vmlinuz after; }
            """).Text("boot/grub/more.cfg", "set extra=/k\nmenuentry \"From source\" { linux /k/vmlinuz sourced; initrd /k/initrd; }\n");

        var entries = image.Scan().Entries;

        Assert.Equal(["More > Inside", "Leak", "In if", "In else", "From source", "After source"], entries.Select(e => e.Title));
        Assert.Equal("inside=x", entries[0].Arguments);
        Assert.Equal("leak=", entries[1].Arguments);
        Assert.All(entries.Skip(2).Take(2), e => Assert.Contains("inside a GRUB if block", e.Note, StringComparison.Ordinal));
        Assert.Equal(string.Empty, entries[0].Note);
        Assert.Equal("boot/grub/more.cfg:2", entries[4].Origin);
        Assert.Equal("after", entries[5].Arguments);
        Assert.Empty(entries[5].Initrds);
    }

    [Fact]
    public void A_menu_of_only_other_loaders_gives_the_whole_image()
    {
        using var image = Image("menuentry \"Windows\" { chainloader /efi/boot/bootmgfw.efi; }\nmenuentry Reboot { reboot; }\n");

        var entry = Assert.Single(image.Scan(100L << 20).Entries);

        Assert.Equal(IsoEntryKind.WholeImage, entry.Kind);
        Assert.Contains("offers no Linux entry (2 other)", entry.Note, StringComparison.Ordinal);
    }

    private static ImageFolder Image(string grubCfg) =>
        new ImageFolder("GRUBTEST").Bytes("k/vmlinuz", 1000).Bytes("k/initrd", 1000).Text("boot/grub/grub.cfg", grubCfg);
}
