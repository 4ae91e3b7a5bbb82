using PxeHost.Files;
using PxeHost.Iso;
using PxeHost.Protocol.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>
/// An image file mastered by xorriso (isolinux for BIOS, an EFI image, a kernel, an initrd and their
/// configuration) read in place through the shared tree seam, as TFTP and HTTP read it.
/// </summary>
public sealed class IsoImageTreeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pxh-isotree-").FullName;
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    [Fact]
    public async Task Every_file_is_found_listed_and_read_back_byte_for_byte_sync_and_async()
    {
        using var tree = IsoImageTree.Open(await MasterAsync());

        Assert.Equal("PXETEST", tree.Label);
        Assert.Equal(["boot", "EFI", "isolinux"], tree.List(tree.Find("")!).Select(n => n.Path));
        Assert.Equal([new ImageNode("boot/initrd.img", false, 100_000), new ImageNode("boot/vmlinuz", false, 300_001)], tree.List(tree.Find("boot")!));
        foreach (var (path, content) in _files)
        {
            var node = tree.Find(path)!;
            Assert.Equal(content.Length, node.Length);
            using var file = tree.Open(node);
            var sync = new byte[content.Length];
            Assert.Equal(content.Length, file.Read(0, sync));
            var async = new byte[content.Length + 10];
            Assert.Equal(content.Length, await file.ReadAsync(0, async, CancellationToken.None));
            Assert.Equal(content, sync);
            Assert.Equal(content, async[..content.Length]);
            using var copy = new MemoryStream();
            await file.OpenStream().CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }
    }

    [Fact]
    public async Task Lookups_match_exactly_then_ignoring_case_and_follow_links_inside_the_image()
    {
        using var tree = IsoImageTree.Open(await MasterAsync());

        Assert.Equal("boot/vmlinuz", tree.Find("BOOT/VMLINUZ")!.Path);
        Assert.Equal("isolinux/isolinux.cfg", tree.Find("isolinux/ISOLINUX.CFG")!.Path);
        Assert.Equal("boot/vmlinuz", tree.Find("vmlinuz-link")!.Path);
        Assert.DoesNotContain(tree.List(tree.Find("")!), n => n.Name == "vmlinuz-link");
        Assert.Null(tree.Find("boot/missing"));
        Assert.Empty(tree.List(tree.Find("boot/vmlinuz")!));
        Assert.Throws<ArgumentException>(() => tree.Open(tree.Find("boot")!));
        Assert.Throws<FileNotFoundException>(() => tree.Open(new ImageNode("boot/missing", false, 1)));
    }

    [Fact]
    public async Task A_files_stamp_names_the_image_and_the_path_inside_and_changes_with_the_image()
    {
        var image = await MasterAsync();
        var modified = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(image, modified);
        string firstTag;
        using (var tree = IsoImageTree.Open(image))
        using (var file = tree.Open(tree.Find("boot/vmlinuz")!))
        {
            Assert.Equal(new FileStamp($"{image}:/boot/vmlinuz", 300_001, modified), file.Stamp);
            Assert.Equal(file.Stamp!.Path, file.DisplayName);
            Assert.Equal(new FileStamp(image, new FileInfo(image).Length, modified), tree.ImageStamp);
            firstTag = file.Stamp.ETag;
        }

        File.SetLastWriteTimeUtc(image, modified.AddMinutes(1));
        using var again = IsoImageTree.Open(image);
        using var reopened = again.Open(again.Find("boot/vmlinuz")!);
        Assert.NotEqual(firstTag, reopened.Stamp!.ETag);
    }

    [Fact]
    public async Task The_images_boot_entries_name_isolinux_for_bios_and_the_efi_image()
    {
        using var tree = IsoImageTree.Open(await MasterAsync());

        Assert.Null(tree.BootCatalogProblem);
        Assert.Equal(
            [(ElToritoPlatform.X86Bios, "isolinux/isolinux.bin"), (ElToritoPlatform.Efi, "EFI/efiboot.img")],
            tree.BootEntries.Select(e => (e.Platform, e.ImagePath)));
    }

    [Fact]
    public async Task Concurrent_reads_of_several_files_each_get_their_own_bytes()
    {
        using var tree = IsoImageTree.Open(await MasterAsync());
        var kernel = _files["boot/vmlinuz"];
        var initrd = _files["boot/initrd.img"];

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var (path, content) = worker % 2 == 0 ? ("boot/vmlinuz", kernel) : ("boot/initrd.img", initrd);
            using var file = tree.Open(tree.Find(path)!);
            var random = new Random(worker);
            var buffer = new byte[1468];
            for (var i = 0; i < 300; i++)
            {
                var offset = random.Next(content.Length);
                var read = worker % 4 < 2 ? file.Read(offset, buffer) : await file.ReadAsync(offset, buffer, CancellationToken.None);
                Assert.Equal(Math.Min(buffer.Length, content.Length - offset), read);
                Assert.True(buffer.AsSpan(0, read).SequenceEqual(content.AsSpan(offset, read)), $"{path} at {offset}");
            }
        })));
    }

    [Fact]
    public async Task A_file_stays_readable_after_its_tree_is_disposed()
    {
        var tree = IsoImageTree.Open(await MasterAsync());
        using var file = tree.Open(tree.Find("boot/vmlinuz")!);
        tree.Dispose();

        var buffer = new byte[100];
        Assert.Equal(100, file.Read(1000, buffer));
        Assert.Equal(_files["boot/vmlinuz"].AsSpan(1000, 100).ToArray(), buffer);
    }

    [Fact]
    public async Task A_corrupt_image_file_is_refused_with_its_reason()
    {
        var image = await MasterAsync();
        var bytes = await File.ReadAllBytesAsync(image);
        await File.WriteAllBytesAsync(image, bytes[..(bytes.Length / 3)]);

        var refused = Assert.Throws<IsoFormatException>(() => IsoImageTree.Open(image));
        Assert.StartsWith("the image is truncated", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Memtest86plus_and_ipxe_images_open_with_their_boot_entries()
    {
        using var memtest = IsoImageTree.Open("/usr/lib/memtest86+/memtest86+x64.iso");
        Assert.Equal("MT86PLUS_64", memtest.Label);
        Assert.Equal("EFI/BOOT/bootx64.efi", memtest.Find("efi/boot/BOOTX64.EFI")!.Path);
        Assert.Equal([ElToritoPlatform.X86Bios, ElToritoPlatform.Efi], memtest.BootEntries.Select(e => e.Platform));

        using var ipxe = IsoImageTree.Open("/usr/lib/ipxe/ipxe.iso");
        Assert.Equal("isolinux.cfg", ipxe.Find("ISOLINUX.CFG")!.Path);
        using var kernel = ipxe.Open(ipxe.Find("ipxe.krn")!);
        Assert.True(kernel.Length > 100_000);
    }

    private async Task<string> MasterAsync()
    {
        var tree = Path.Combine(_work, "tree");
        Put(tree, "isolinux/isolinux.bin", File.ReadAllBytes("/usr/lib/ISOLINUX/isolinux.bin"), compare: false);
        Put(tree, "isolinux/isolinux.cfg", "default linux\nlabel linux\n  kernel /boot/vmlinuz\n  append initrd=/boot/initrd.img\n"u8.ToArray());
        Put(tree, "EFI/efiboot.img", Bytes(1, 64 * 1024));
        Put(tree, "boot/vmlinuz", Bytes(2, 300_001));
        Put(tree, "boot/initrd.img", Bytes(3, 100_000));
        if (!File.Exists(Path.Combine(tree, "vmlinuz-link")))
        {
            File.CreateSymbolicLink(Path.Combine(tree, "vmlinuz-link"), "boot/vmlinuz");
        }

        var image = Path.Combine(_work, $"{Guid.NewGuid():N}.iso");
        await ChildProgram.RunCheckedAsync(
            "xorriso", "-as", "mkisofs", "-R", "-J", "-V", "PXETEST",
            "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
            "-eltorito-alt-boot", "-e", "EFI/efiboot.img", "-no-emul-boot", "-o", image, tree);
        return image;
    }

    private void Put(string tree, string path, byte[] content, bool compare = true)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        if (compare)
        {
            _files[path] = content;
        }
    }

    private static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
