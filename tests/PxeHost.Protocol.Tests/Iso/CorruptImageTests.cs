using PxeHost.Protocol.Iso;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>
/// The corrupt corpus: a real image mastered by xorriso, then edited the ways broken downloads, bad
/// mastering tools and hostile images are. Each is refused with its own reason, quickly.
/// </summary>
public sealed class CorruptImageTests : IDisposable
{
    private readonly SourceFolder _source = new();
    private readonly byte[] _image;
    private readonly IsoVolume _volume;

    public CorruptImageTests()
    {
        _source.File("SUB/INNER/FILE.BIN", 6000);
        _source.File("SUB/OTHER.BIN", 3000);
        _source.File("TOP.BIN", 5000);
        _source.File("LONG/" + new string('x', 200) + ".squashfs", 100);
        _image = _source.MasterBytes("-R", "-V", "CORRUPT");
        _volume = IsoAssert.Open(_image);
    }

    private ImageEdit Edit => new(_image);

    [Fact]
    public void A_truncated_download_is_refused_as_truncated()
    {
        Assert.StartsWith("the image is truncated: the volume is", IsoAssert.Refused(_image[..(_image.Length / 2)]).Reason, StringComparison.Ordinal);
        Assert.Contains("too short to hold the volume descriptors", IsoAssert.Refused(_image[..20_000]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_refused_for_their_missing_identifier()
    {
        Assert.Contains("no \"CD001\" identifier", IsoAssert.Refused(new byte[100_000]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_pointing_at_its_parent_or_itself_is_refused_as_a_loop()
    {
        var toParent = Edit;
        toParent.Extent(toParent.RecordOf(_volume.Find("SUB")!, _volume.Find("SUB/INNER")!), (uint)(_volume.Find("SUB")!.Extents[0].Offset / 2048));
        Assert.Contains("is visited twice (a directory loop)", IsoAssert.Refused(toParent.Image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_pointing_at_the_root_is_refused_as_a_loop()
    {
        var edit = Edit;
        edit.Extent(edit.RecordOf(_volume.Root, _volume.Find("SUB")!), (uint)(_volume.Root.Extents[0].Offset / 2048));
        var refused = IsoAssert.Refused(edit.Image);
        Assert.Contains("(a directory loop)", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(_volume.Root.Extents[0].Offset, refused.Offset - (refused.Offset % 2048));
    }

    [Fact]
    public void A_file_whose_extent_lies_past_the_end_is_refused_at_open()
    {
        var edit = Edit;
        edit.Extent(edit.RecordOf(_volume.Find("SUB")!, _volume.Find("SUB/OTHER.BIN")!), 0x00FF_FFFF);
        Assert.Contains("'OTHER.BIN' has an extent at block 16777215", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_a_huge_length_is_refused_at_open()
    {
        var edit = Edit;
        edit.Length(edit.RecordOf(_volume.Root, _volume.Find("TOP.BIN")!), uint.MaxValue);
        Assert.Contains("of 4294967295 bytes, past the end", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_of_a_huge_length_is_refused_before_it_is_read()
    {
        var edit = Edit;
        edit.Length(edit.RecordOf(_volume.Root, _volume.Find("SUB")!), 0x7FFF_F800);
        Assert.Contains("a directory of 2147481600 bytes is larger than", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);

        edit.Length(edit.RecordOf(_volume.Root, _volume.Find("SUB")!), 16 * 1024 * 1024);
        Assert.Contains("lies past the end of the", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_volume_size_is_refused_as_truncated()
    {
        Edit.BothEndian((16 * 2048) + 80, uint.MaxValue);
        Assert.Contains("the volume is 4294967295 blocks", IsoAssert.Refused(_image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rock_ridge_continuation_area_pointing_at_itself_is_refused_as_a_loop()
    {
        var edit = Edit;
        var record = edit.RecordOf(_volume.Find("LONG")!, _volume.Find("LONG")!.Children[0]);
        var ce = edit.SystemUseEntry(record, "CE");
        Assert.True(ce > 0, "xorriso put the long name in the record itself");
        var area = (BitConverter.ToUInt32(_image, (int)ce + 4) * 2048L) + BitConverter.ToUInt32(_image, (int)ce + 12);

        // The area starts with a CE to itself, then ST (SUSP §5.1, §5.4).
        _image.AsSpan((int)ce, 28).CopyTo(_image.AsSpan((int)area));
        "ST\u0004\u0001"u8.CopyTo(_image.AsSpan((int)area + 28));

        Assert.Contains("continuation area (CE) loops back", IsoAssert.Refused(_image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rock_ridge_continuation_area_past_the_end_is_refused()
    {
        var edit = Edit;
        var record = edit.RecordOf(_volume.Find("LONG")!, _volume.Find("LONG")!.Children[0]);
        var ce = edit.SystemUseEntry(record, "CE");
        edit.BothEndian(ce + 4, 0x0FFF_FFFF);
        Assert.Contains("a Rock Ridge continuation area (CE) (", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);
        Assert.Contains("lies past the end of the", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);

        edit.BothEndian(ce + 20, uint.MaxValue);
        Assert.Contains("system use data is larger than 65536 bytes", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_lengths_that_do_not_advance_are_refused_and_zero_lengths_end_the_sector()
    {
        var edit = Edit;
        var record = edit.RecordOf(_volume.Root, _volume.Find("TOP.BIN")!);
        var length = _image[record];
        _image[record] = 1;
        Assert.Contains("says it is 1 bytes, shorter than its 34 fixed bytes", IsoAssert.Refused(_image).Reason, StringComparison.Ordinal);

        _image[record] = length;
        _image[record + 32] = 250;
        Assert.Contains("identifier of 250 bytes does not fit", IsoAssert.Refused(_image).Reason, StringComparison.Ordinal);

        // Zero is the padding to the sector's end (ECMA-119 §6.8.1.1): the records after it are not there.
        _image[record] = 0;
        Assert.Null(IsoAssert.Open(_image).Find("TOP.BIN"));
    }

    [Fact]
    public void A_multi_extent_file_without_its_last_extent_is_refused()
    {
        var edit = Edit;
        edit.Flags(edit.RecordOf(_volume.Find("SUB")!, _volume.Find("SUB/OTHER.BIN")!), 0x80);
        Assert.Contains("multi-extent file's last extent is missing", IsoAssert.Refused(edit.Image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_size_other_than_2048_is_refused()
    {
        _image[(16 * 2048) + 128] = 0x00;
        _image[(16 * 2048) + 129] = 0x02;
        Assert.Contains("the logical block size is 512; only 2048 is read", IsoAssert.Refused(_image).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_refuse_depth_entries_descriptors_and_names_beyond_them()
    {
        Assert.Contains("nest deeper than 1 levels", IsoAssert.Refused(_image, new IsoLimits { MaxDepth = 1 }).Reason, StringComparison.Ordinal);
        Assert.Contains("more than 4 files and directories", IsoAssert.Refused(_image, new IsoLimits { MaxEntries = 4 }).Reason, StringComparison.Ordinal);
        Assert.Contains("no volume descriptor set terminator within 1", IsoAssert.Refused(_image, new IsoLimits { MaxVolumeDescriptors = 1 }).Reason, StringComparison.Ordinal);
        Assert.Contains("is longer than 100", IsoAssert.Refused(_image, new IsoLimits { MaxNameLength = 100 }).Reason, StringComparison.Ordinal);
        Assert.Contains("larger than 100 bytes", IsoAssert.Refused(_image, new IsoLimits { MaxSystemUseBytes = 100 }).Reason, StringComparison.Ordinal);
    }

    public void Dispose() => _source.Dispose();
}
