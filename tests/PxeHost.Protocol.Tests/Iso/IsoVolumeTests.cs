using PxeHost.Protocol.Iso;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>Images mastered by xorriso from a folder the test fills, read back name by name and byte by byte.</summary>
public sealed class IsoVolumeTests : IDisposable
{
    private readonly SourceFolder _source = new();

    [Fact]
    public void Plain_iso9660_names_are_read_without_their_version_and_every_file_matches()
    {
        _source.File("README.TXT", 5000);
        _source.File("BOOT/VMLINUZ", 70_000);
        _source.File("BOOT/INITRD.GZ", 4096);
        _source.File("BOOT/EMPTY", 0);
        _source.File("NOEXT", 10);

        var volume = IsoAssert.Open(_source.MasterBytes("--norock", "-V", "PLAIN_LABEL"));

        Assert.Equal("PLAIN_LABEL", volume.Label);
        Assert.Equal(IsoNameSource.Iso9660, volume.Names);
        Assert.Equal(["BOOT/", "BOOT/EMPTY", "BOOT/INITRD.GZ", "BOOT/VMLINUZ", "NOEXT", "README.TXT"], IsoAssert.Paths(volume.Root).Order(StringComparer.Ordinal));
        Assert.Equal(5, IsoAssert.EveryFileMatches(volume, _source.Root));
    }

    [Fact]
    public void Joliet_names_keep_their_case_and_length_without_rock_ridge()
    {
        _source.File("Mixed Case/A long Joliet name with spaces.txt", 3000);
        _source.File("lower.cfg", 100);

        var volume = IsoAssert.Open(_source.MasterBytes("--norock", "-J"));

        Assert.Equal(IsoNameSource.Joliet, volume.Names);
        // Joliet sorts by UCS-2 code unit: upper case first.
        Assert.Equal(["Mixed Case/", "Mixed Case/A long Joliet name with spaces.txt", "lower.cfg"], IsoAssert.Paths(volume.Root));
        Assert.Equal(2, IsoAssert.EveryFileMatches(volume, _source.Root));
    }

    [Fact]
    public void Rock_ridge_gives_long_names_modes_and_links_and_is_preferred_over_joliet()
    {
        var longName = new string('n', 120) + ".squashfs";
        _source.File($"live/{longName}", 20_000);

        // 254 bytes: more than one NM entry holds (250), so the name comes in pieces with the CONTINUE flag.
        var longest = new string('m', 245) + ".squashfs";
        _source.File($"longest/{longest}", 10);
        _source.File("bin/run.sh", 50);
        _source.Mode("bin/run.sh", (UnixFileMode)Convert.ToInt32("755", 8));
        _source.File("bin/data", 50);
        _source.Mode("bin/data", (UnixFileMode)Convert.ToInt32("640", 8));
        _source.Link("latest", $"live/{longName}");
        _source.Link("bin/up", "../live");
        _source.Link("absolute", "/bin/run.sh");

        var volume = IsoAssert.Open(_source.MasterBytes("-R", "-J"));

        Assert.Equal(IsoNameSource.RockRidge, volume.Names);
        Assert.Equal(longName, Assert.Single(volume.Find("live")!.Children).Name);
        Assert.Equal(longest, Assert.Single(volume.Find("longest")!.Children).Name);
        Assert.Equal(Convert.ToInt32("755", 8), volume.Find("bin/run.sh")!.Mode & 0x1FF);
        Assert.Equal(Convert.ToInt32("640", 8), volume.Find("bin/data")!.Mode & 0x1FF);
        var link = volume.Root.Children.Single(c => c.Name == "latest");
        Assert.Equal(IsoEntryType.Symlink, link.Type);
        Assert.Equal($"live/{longName}", link.SymlinkTarget);
        Assert.Equal("/bin/run.sh", volume.Root.Children.Single(c => c.Name == "absolute").SymlinkTarget);
        Assert.Same(volume.Find($"live/{longName}"), volume.Find("latest"));
        Assert.Same(volume.Find($"live/{longName}"), volume.Find($"bin/up/{longName}"));
        Assert.Same(volume.Find("bin/run.sh"), volume.Find("absolute"));
        // Five: bin/up/NAME is read through the link to ../live.
        Assert.Equal(5, IsoAssert.EveryFileMatches(volume, _source.Root));
    }

    [Fact]
    public void Deep_folders_beyond_iso9660s_eight_levels_are_read_where_rock_ridge_puts_them()
    {
        var deep = string.Join('/', Enumerable.Range(1, 14).Select(i => $"level{i}"));
        _source.File($"{deep}/bottom.txt", 700);
        _source.File("top.txt", 10);

        // Relocated (RRIP §4.1.5: RR_MOVED/level8 with RE, a CL record in level7), and left in place.
        var relocated = _source.MasterBytes("-R", "-rr_reloc_dir", "RR_MOVED");
        var inPlace = _source.MasterBytes("-R");

        Assert.True(relocated.AsSpan().IndexOf("RR_MOVED"u8) >= 0, "xorriso did not relocate");
        foreach (var image in new[] { relocated, inPlace })
        {
            var volume = IsoAssert.Open(image);

            Assert.Equal(2, IsoAssert.EveryFileMatches(volume, _source.Root));
            Assert.Equal($"{deep}/bottom.txt", volume.Find($"{deep}/bottom.txt")!.Path);
            Assert.DoesNotContain(IsoAssert.Paths(volume.Root), p => p.StartsWith("RR_MOVED/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Lookups_match_exactly_first_then_ignoring_case()
    {
        _source.File("Boot/Kernel", 10);
        _source.File("Boot/kernel", 20);

        var volume = IsoAssert.Open(_source.MasterBytes("-R"));

        Assert.Equal(10, volume.Find("Boot/Kernel")!.Length);
        Assert.Equal(20, volume.Find("Boot/kernel")!.Length);
        Assert.Equal(10, volume.Find("BOOT/KERNEL")!.Length);
        Assert.Equal("Boot/Kernel", volume.Find("boot/KERNEL")!.Path);
        Assert.Null(volume.Find("boot/missing"));
        Assert.Null(volume.Find("boot/../Boot/kernel"));
        Assert.Same(volume.Root, volume.Find(""));
    }

    [Fact]
    public void Reads_start_anywhere_and_stop_at_the_end_of_the_file()
    {
        var content = _source.File("file.bin", 10_000);
        var volume = IsoAssert.Open(_source.MasterBytes("-R"));
        var file = volume.Find("file.bin")!;

        var buffer = new byte[3000];
        Assert.Equal(3000, volume.Read(file, 4095, buffer));
        Assert.Equal(content.AsSpan(4095, 3000).ToArray(), buffer);
        Assert.Equal(1000, volume.Read(file, 9000, buffer));
        Assert.Equal(0, volume.Read(file, 10_000, buffer));
    }

    public void Dispose() => _source.Dispose();
}
