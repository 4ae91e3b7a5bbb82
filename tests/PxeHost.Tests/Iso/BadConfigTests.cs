using PxeHost.Iso;
using PxeHost.Iso.Entries;

namespace PxeHost.Tests.Iso;

/// <summary>
/// Configuration text from a broken or hostile image: loops, unterminated quotes and blocks, huge
/// files, deep chains, endless entries and random bytes give problems and bounded results, never an
/// exception or a hang.
/// </summary>
public sealed class BadConfigTests
{
    [Fact]
    public void An_include_loop_is_a_problem_and_the_labels_read_are_kept()
    {
        using var image = Kernel(new ImageFolder("LOOP"))
            .Text("isolinux/isolinux.cfg", "include a.cfg\n")
            .Text("isolinux/a.cfg", "label a\n kernel /k/vmlinuz\n append a\ninclude isolinux.cfg\n");

        var scan = image.Scan();

        Assert.Equal("a", Assert.Single(scan.Entries).Arguments);
        Assert.Contains(scan.Problems, p => p.StartsWith("isolinux/a.cfg:4: INCLUDE loop", StringComparison.Ordinal));
    }

    [Fact]
    public void A_source_loop_is_a_problem_and_the_entries_read_are_kept()
    {
        using var image = Kernel(new ImageFolder("SOURCELOOP"))
            .Text("boot/grub/grub.cfg", "menuentry one { linux /k/vmlinuz one; }\nsource /boot/grub/b.cfg\n")
            .Text("boot/grub/b.cfg", "menuentry two { linux /k/vmlinuz two; }\nconfigfile ($root)/boot/grub/grub.cfg\n");

        var scan = image.Scan();

        Assert.Equal(["one", "two"], scan.Entries.Select(e => e.Arguments));
        Assert.Contains(scan.Problems, p => p.StartsWith("boot/grub/b.cfg:2: source loop", StringComparison.Ordinal));
    }

    [Fact]
    public void Unterminated_quotes_and_blocks_are_problems_and_what_came_before_is_kept()
    {
        using var image = Kernel(new ImageFolder("UNTERMINATED"))
            .Text("boot/grub/grub.cfg", "menuentry ok { linux /k/vmlinuz ok; }\nmenuentry \"open {\n linux /k/vmlinuz x\n")
            .Text("EFI/BOOT/grub.cfg", "menuentry closed-never {\n linux /k/vmlinuz nc\n}}\n}\nmenuentry nested {\n")
            .Text("boot/grub/loopback.cfg", "}\n");

        var scan = image.Scan();

        Assert.Equal(["ok", "nc"], scan.Entries.Select(e => e.Arguments));
        Assert.Contains("boot/grub/grub.cfg:2: unterminated quote; the rest of the file is ignored", scan.Problems);
        Assert.Contains(scan.Problems, p => p.StartsWith("EFI/BOOT/grub.cfg:5: { is never closed", StringComparison.Ordinal));
        Assert.Contains("boot/grub/loopback.cfg:1: } closes no block", scan.Problems);
    }

    [Fact]
    public void A_configuration_over_the_size_limit_is_not_read()
    {
        using var image = Kernel(new ImageFolder("HUGE"))
            .Text("isolinux/isolinux.cfg", "label a\n kernel /k/vmlinuz\n" + new string('#', 300 * 1024) + "\n");

        var scan = image.Scan();

        Assert.Equal(IsoEntryKind.WholeImage, Assert.Single(scan.Entries).Kind);
        Assert.Contains(scan.Problems, p => p.Contains("over the 262144-byte limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Include_chains_stop_at_the_depth_limit_and_entries_at_the_count_limit()
    {
        using var image = Kernel(new ImageFolder("DEEP"));
        image.Text("isolinux/isolinux.cfg", "include c0.cfg\n");
        for (var i = 0; i < 20; i++)
        {
            image.Text($"isolinux/c{i}.cfg", $"label l{i}\n kernel /k/vmlinuz\n append n={i}\ninclude c{i + 1}.cfg\n");
        }

        var deep = image.Scan();
        var few = image.Scan(limits: new IsoEntryLimits { MaxEntries = 3 });

        // isolinux.cfg is depth 0, c0.cfg depth 1 … c7.cfg depth 8 = the limit.
        Assert.Equal(8, deep.Entries.Count);
        Assert.Contains(deep.Problems, p => p.Contains("INCLUDE nested deeper than 8", StringComparison.Ordinal));
        Assert.Equal(3, few.Entries.Count);
        Assert.Contains("more than 3 distinct entries; the rest are left out", few.Problems);
    }

    [Fact]
    public void Random_bytes_as_configuration_never_throw()
    {
        var random = new Random(12);
        using var image = Kernel(new ImageFolder("RANDOM"));
        string[] pieces = ["menuentry", "submenu", "{", "}", "\"", "'", "\\", "$", "${", "linux /k/vmlinuz", "initrd", "set a=", "if", "fi",
            "source /boot/grub/grub.cfg", "\n", ";", " ", "label", "include isolinux.cfg", "menu begin", "menu end", "text help", "kernel", "(", ")"];
        for (var round = 0; round < 200; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 80)).Select(_ => random.Next(4) == 0
                ? ((char)random.Next(0, 0x3000)).ToString()
                : pieces[random.Next(pieces.Length)]));
            image.Text("boot/grub/grub.cfg", text).Text("isolinux/isolinux.cfg", text);

            var scan = image.Scan();

            Assert.NotEmpty(scan.Entries);
            Assert.True(scan.Entries.Count <= IsoEntryLimits.Default.MaxEntries);
        }
    }

    private static ImageFolder Kernel(ImageFolder image) => image.Bytes("k/vmlinuz", 1000);
}
