using PxeHost.Protocol.Iso;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>El Torito catalogs as xorriso writes them for isolinux (BIOS) plus an EFI image, and as distributions ship them.</summary>
public sealed class ElToritoTests : IDisposable
{
    private readonly SourceFolder _source = new();

    [Fact]
    public void An_isolinux_and_efi_image_has_a_bios_entry_and_an_efi_section_entry_naming_their_files()
    {
        var volume = IsoAssert.Open(HybridImage());

        Assert.Null(volume.BootCatalogProblem);
        Assert.Collection(
            volume.BootEntries,
            bios =>
            {
                Assert.Equal(ElToritoPlatform.X86Bios, bios.Platform);
                Assert.True(bios.Bootable);
                Assert.Equal(ElToritoMediaType.NoEmulation, bios.MediaType);
                Assert.Equal(4, bios.SectorCount);
                Assert.Equal(0, bios.LoadSegment);
                Assert.Equal("isolinux/isolinux.bin", bios.ImagePath);
                Assert.Equal(volume.Find("isolinux/isolinux.bin")!.Extents[0].Offset, bios.LoadRba * 2048L);
            },
            efi =>
            {
                Assert.Equal(ElToritoPlatform.Efi, efi.Platform);
                Assert.True(efi.Bootable);
                Assert.Equal(ElToritoMediaType.NoEmulation, efi.MediaType);
                Assert.Equal("boot/efiboot.img", efi.ImagePath);
            });

        // -boot-info-table writes the volume's layout into isolinux.bin's copy; the rest is as mastered.
        Assert.Equal(2, IsoAssert.EveryFileMatches(volume, Path.Combine(_source.Root, "boot"), p => $"boot/{p}"));
    }

    [Fact]
    public void A_catalog_whose_checksum_does_not_sum_to_zero_is_dropped_with_its_reason_and_the_files_stay_readable()
    {
        var image = HybridImage();
        var catalog = IsoAssert.Open(image).Find("isolinux/boot.cat")!.Extents[0].Offset;
        image[catalog + 28] ^= 0x5A;

        var volume = IsoAssert.Open(image);

        Assert.Empty(volume.BootEntries);
        Assert.Contains("checksum does not sum to zero", volume.BootCatalogProblem, StringComparison.Ordinal);
        Assert.NotNull(volume.Find("boot/efiboot.img"));
    }

    [Fact]
    public void A_catalog_without_its_key_bytes_is_dropped_with_its_reason()
    {
        var image = HybridImage();
        var catalog = IsoAssert.Open(image).Find("isolinux/boot.cat")!.Extents[0].Offset;
        image[catalog + 31] = 0;

        Assert.Contains("no validation entry", IsoAssert.Open(image).BootCatalogProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalog_or_boot_image_past_the_end_is_dropped_with_its_reason()
    {
        var image = HybridImage();
        var volume = IsoAssert.Open(image);
        var bootRecord = Enumerable.Range(16, 8).Select(b => b * 2048).First(at => image[at] == 0 && image.AsSpan(at + 7).StartsWith("EL TORITO"u8));
        var catalog = volume.Find("isolinux/boot.cat")!.Extents[0].Offset;

        // The initial entry's load RBA (El Torito 1.0 §2.2, offset 8), then the catalog's own block (§2.0, offset 0x47).
        var entry = image.ToArray();
        BitConverter.TryWriteBytes(entry.AsSpan((int)catalog + 32 + 8), 0x00FF_FFFFu);
        Assert.Contains("names a boot image at block 16777215, past the end", IsoAssert.Open(entry).BootCatalogProblem, StringComparison.Ordinal);

        BitConverter.TryWriteBytes(image.AsSpan(bootRecord + 0x47), 0x00FF_FFFFu);
        Assert.Equal("the boot catalog at block 16777215 lies past the end of the image", IsoAssert.Open(image).BootCatalogProblem);
    }

    [Fact]
    public void Memtest86plus_offers_a_bios_floppy_image_and_an_efi_image()
    {
        var volume = IsoAssert.Open(File.ReadAllBytes("/usr/lib/memtest86+/memtest86+x64.iso"));

        Assert.Equal("MT86PLUS_64", volume.Label);
        Assert.Equal(["boot.catalog", "boot/", "boot/floppy.img", "EFI/", "EFI/BOOT/", "EFI/BOOT/bootx64.efi"], IsoAssert.Paths(volume.Root).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Collection(
            volume.BootEntries,
            bios =>
            {
                Assert.Equal((ElToritoPlatform.X86Bios, ElToritoMediaType.Floppy144M, "boot/floppy.img"), (bios.Platform, bios.MediaType, bios.ImagePath));
            },
            efi =>
            {
                // The EFI image is a partition appended after the ISO 9660 volume: no file holds it.
                Assert.Equal((ElToritoPlatform.Efi, ElToritoMediaType.NoEmulation, 826u, null), (efi.Platform, efi.MediaType, efi.LoadRba, efi.ImagePath));
            });
    }

    [Fact]
    public void Ipxe_iso_offers_isolinux_for_bios_and_an_efi_image()
    {
        var volume = IsoAssert.Open(File.ReadAllBytes("/usr/lib/ipxe/ipxe.iso"));

        Assert.Equal(["boot.cat", "efi.img", "ipxe.krn", "isolinux.bin", "isolinux.cfg", "ldlinux.c32"], IsoAssert.Paths(volume.Root).Order(StringComparer.Ordinal));
        Assert.Equal(
            [(ElToritoPlatform.X86Bios, 466u, "isolinux.bin"), (ElToritoPlatform.Efi, 34u, "efi.img")],
            volume.BootEntries.Select(e => (e.Platform, e.LoadRba, e.ImagePath)));
        Assert.Contains("ipxe.krn", System.Text.Encoding.ASCII.GetString(IsoAssert.ReadAll(volume, volume.Find("isolinux.cfg")!)), StringComparison.Ordinal);
    }

    private byte[] HybridImage()
    {
        _source.File("isolinux/isolinux.bin", File.ReadAllBytes("/usr/lib/ISOLINUX/isolinux.bin"));
        _source.File("boot/efiboot.img", 64 * 1024);
        _source.File("boot/vmlinuz", 30_000);
        return _source.MasterBytes(
            "-R", "-J", "-V", "HYBRID",
            "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table",
            "-eltorito-alt-boot", "-e", "boot/efiboot.img", "-no-emul-boot");
    }

    public void Dispose() => _source.Dispose();
}
