using System.Text;
using PxeHost.Protocol.Iso;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>
/// Record features xorriso does not write for small files, made by editing a real image's records:
/// multi-extent files and extended attribute records.
/// </summary>
public sealed class HandEditedRecordTests : IDisposable
{
    private readonly SourceFolder _source = new();

    /// <summary>
    /// Files of 4 GiB and more are stored as several records of one name with the multi-extent flag on
    /// all but the last (ECMA-119 §6.5.1, xorriso with -iso-level 3). Mastering one costs 4 GiB of disk,
    /// so the test makes two records of a small image into one file instead.
    /// </summary>
    [Fact]
    public void Records_of_one_name_with_the_multi_extent_flag_are_joined_into_one_file()
    {
        var first = _source.File("A.BIN", 4096);
        var second = _source.File("B.BIN", 3000);
        var image = _source.MasterBytes("--norock");
        var edit = new ImageEdit(image);
        var volume = IsoAssert.Open(image);
        var a = edit.RecordOf(volume.Root, volume.Find("A.BIN")!);
        var b = edit.RecordOf(volume.Root, volume.Find("B.BIN")!);
        edit.Flags(a, 0x80);
        Encoding.ASCII.GetBytes("A.BIN;1").CopyTo(image, b + 33);

        var joined = IsoAssert.Open(image);

        var file = Assert.Single(joined.Root.Children);
        Assert.Equal("A.BIN", file.Name);
        Assert.Equal(2, file.Extents.Count);
        Assert.Equal(7096, file.Length);
        Assert.Equal([.. first, .. second], IsoAssert.ReadAll(joined, file));

        // A read across the boundary between the extents.
        var across = new byte[200];
        Assert.Equal(200, joined.Read(file, 4000, across));
        Assert.Equal([.. first[4000..], .. second[..104]], across);

        Assert.Contains("more than 1 extents", IsoAssert.Refused(image, new IsoLimits { MaxExtentsPerFile = 1 }).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_files_data_starts_after_its_extended_attribute_record()
    {
        _source.File("A.BIN", 2048);
        var content = _source.File("B.BIN", 3000);
        var image = _source.MasterBytes("--norock");
        var edit = new ImageEdit(image);
        var volume = IsoAssert.Open(image);
        var b = volume.Find("B.BIN")!;
        var record = edit.RecordOf(volume.Root, b);

        // One block of extended attributes (ECMA-119 §9.5) now precedes B's data: the extent starts a block earlier.
        edit.Extent(record, (uint)(b.Extents[0].Offset / 2048) - 1);
        image[record + 1] = 1;

        var shifted = IsoAssert.Open(image);
        Assert.Equal(content, IsoAssert.ReadAll(shifted, shifted.Find("B.BIN")!));
    }

    public void Dispose() => _source.Dispose();
}
