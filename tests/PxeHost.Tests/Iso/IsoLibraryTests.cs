using System.Security.Cryptography;
using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>The library of images in the data folder's isos/: add, list, remove, the cached index, refusals.</summary>
public sealed class IsoLibraryTests : IDisposable
{
    private readonly TestImages _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public void Add_links_the_file_into_isos_finds_its_entries_and_hashes_it_whole()
    {
        var file = _images.Make("live", TestImages.LiveEntries);

        var image = _images.Library().Add(file, null, null, null, CancellationToken.None, out var problem);

        Assert.Null(problem);
        Assert.NotNull(image);
        var link = Path.Combine(_images.Folder, "live.iso");
        Assert.Equal(file, new FileInfo(link).LinkTarget);
        Assert.Equal(["Live system", "Live system (BIOS safe mode)", "Whole image"], image.Entries.Select(e => e.Title));
        Assert.Equal("boot=live quiet", image.Entries[0].Arguments);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), image.Sha256);
        Assert.Equal("live.tree", image.Label);
        Assert.Equal(new FileInfo(file).Length, image.Length);
        Assert.True(File.Exists(Path.Combine(_images.Folder, ".index", "live.json")));
    }

    [Fact]
    public void Hashing_reports_its_progress_up_to_the_whole_file()
    {
        var file = _images.Make("big", TestImages.LiveEntries, length: 3 * 1024 * 1024 + 5);
        var reports = new List<IsoHashProgress>();

        _images.Library().Add(file, "big", null, new Recorder(reports), CancellationToken.None, out _);

        Assert.Equal(new IsoHashProgress("big", 0, 3 * 1024 * 1024 + 5), reports[0]);
        Assert.Equal(new IsoHashProgress("big", 3 * 1024 * 1024 + 5, 3 * 1024 * 1024 + 5), reports[^1]);
        Assert.True(reports.Count >= 4);
    }

    [Fact]
    public void A_scan_of_unchanged_images_reads_the_cache_and_opens_none_again()
    {
        _images.Library().Add(_images.Make("live", TestImages.LiveEntries), null, null, null, CancellationToken.None, out _);
        var cache = Path.Combine(_images.Folder, ".index", "live.json");
        var written = File.GetLastWriteTimeUtc(cache);

        var first = _images.Library().Scan();
        var second = _images.Library().Scan();

        Assert.Equal(1, _images.Opens);
        Assert.Equal(1, _images.Finds);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cache));
        Assert.Equal(3, Assert.Single(second).Entries.Count);
        Assert.Equal(first[0].Sha256, second[0].Sha256);
    }

    [Fact]
    public void An_image_whose_file_changed_is_indexed_again()
    {
        var file = _images.Make("live", TestImages.LiveEntries);
        _images.Library().Add(file, null, null, null, CancellationToken.None, out _);
        File.AppendAllText(file, "more");

        var image = Assert.Single(_images.Library().Scan());

        Assert.Equal(2, _images.Opens);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), image.Sha256);
    }

    [Fact]
    public void Add_with_a_name_serves_it_under_that_name()
    {
        var image = _images.Library().Add(_images.Make("debian-12.4.0-amd64-netinst", TestImages.LiveEntries), "debian", null, null, CancellationToken.None, out _);

        Assert.Equal("debian", image!.Name);
        Assert.Equal("debian", Assert.Single(_images.Library().Scan()).Name);
    }

    [Fact]
    public void Add_refuses_a_name_already_taken_in_any_case()
    {
        var library = _images.Library();
        library.Add(_images.Make("live", TestImages.LiveEntries), null, null, null, CancellationToken.None, out _);

        var again = library.Add(_images.Make("other", TestImages.LiveEntries), "LIVE", null, null, CancellationToken.None, out var problem);

        Assert.Null(again);
        Assert.Equal($"an image named 'live' is already there ({_images.Folder}/live.iso): iso remove live first, or choose another --name", problem);
        Assert.Equal(Path.Combine(_images.Sources, "live.iso"), new FileInfo(Path.Combine(_images.Folder, "live.iso")).LinkTarget);
    }

    [Theory]
    [InlineData("with space")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("x%41")]
    public void Add_refuses_a_name_that_is_no_safe_url_segment(string name)
    {
        var image = _images.Library().Add(_images.Make("live", TestImages.LiveEntries), name, null, null, CancellationToken.None, out var problem);

        Assert.Null(image);
        Assert.Contains("is not a safe URL segment", problem, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_images.Folder));
    }

    [Fact]
    public void Add_refuses_what_is_not_a_regular_file()
    {
        var library = _images.Library();

        Assert.Null(library.Add(_images.Sources, "folder", null, null, CancellationToken.None, out var folder));
        Assert.Null(library.Add("/dev/null", "null", null, null, CancellationToken.None, out var device));
        Assert.Null(library.Add(Path.Combine(_images.Sources, "missing.iso"), null, null, null, CancellationToken.None, out var missing));

        Assert.Equal($"{_images.Sources} is not a regular file (directory)", folder);
        Assert.Equal("/dev/null is not a regular file (characterdevice)", device);
        Assert.Equal($"{_images.Sources}/missing.iso: No such file or directory", missing);
    }

    [Fact]
    public void Add_refuses_a_file_the_servers_user_cannot_read_and_links_nothing()
    {
        var file = _images.Make("live", TestImages.LiveEntries);

        var image = _images.Library().Add(file, null, path => $"nobody cannot read {path}", null, CancellationToken.None, out var problem);

        Assert.Null(image);
        Assert.Equal($"nobody cannot read {file}", problem);
        Assert.Empty(_images.Library().Entries());
    }

    [Fact]
    public void Add_refuses_an_image_the_opener_cannot_read_and_takes_the_link_away()
    {
        var file = TestImages.MakeCorrupt("broken", _images.Sources);

        var image = _images.Library().Add(file, null, null, null, CancellationToken.None, out var problem);

        Assert.Null(image);
        Assert.Equal($"{file}: no folder {Path.Combine(_images.Sources, "broken.tree")}", problem);
        Assert.Empty(_images.Library().Entries());
    }

    [Fact]
    public void A_corrupt_image_dropped_in_is_listed_as_refused_with_the_reason_beside_the_good_ones()
    {
        _images.Make("good", TestImages.LiveEntries, folder: _images.Folder);
        TestImages.MakeCorrupt("broken", _images.Folder);

        var images = _images.Library().Scan();

        Assert.Equal(["broken", "good"], images.Select(i => i.Name));
        Assert.Equal($"no folder {Path.Combine(_images.Folder, "broken.tree")}", images[0].Refusal);
        Assert.Empty(images[0].Entries);
        Assert.Null(images[1].Refusal);
        Assert.Equal(3, images[1].Entries.Count);
    }

    [Fact]
    public void A_refused_image_is_cached_too_and_not_opened_again_until_it_changes()
    {
        TestImages.MakeCorrupt("broken", _images.Folder);

        _images.Library().Scan();
        var again = Assert.Single(_images.Library().Scan());

        Assert.Equal(1, _images.Opens);
        Assert.NotNull(again.Refusal);
    }

    [Fact]
    public void A_link_whose_target_went_away_is_refused_with_where_it_led()
    {
        var file = _images.Make("live", TestImages.LiveEntries);
        _images.Library().Add(file, null, null, null, CancellationToken.None, out _);
        File.Delete(file);

        var image = Assert.Single(_images.Library().Scan());

        Assert.Equal($"{_images.Folder}/live.iso leads to {file}, which is not there", image.Refusal);
    }

    [Fact]
    public void Remove_takes_the_link_and_its_index_away_and_leaves_the_admins_file()
    {
        var file = _images.Make("live", TestImages.LiveEntries);
        var library = _images.Library();
        library.Add(file, null, null, null, CancellationToken.None, out _);

        var problem = library.Remove("live", out var removed);

        Assert.Null(problem);
        Assert.Equal($"the link {_images.Folder}/live.iso (to {file}, which stays)", removed);
        Assert.True(File.Exists(file));
        Assert.Empty(library.Scan());
        Assert.False(File.Exists(library.IndexFile("live")));
    }

    [Fact]
    public void Remove_deletes_a_file_that_was_dropped_into_the_folder_itself()
    {
        var dropped = _images.Make("dropped", TestImages.LiveEntries, folder: _images.Folder);
        var library = _images.Library();

        Assert.Null(library.Remove("dropped", out var removed));

        Assert.Equal($"the file {dropped} (it was put into the folder itself)", removed);
        Assert.False(File.Exists(dropped));
    }

    [Fact]
    public void Remove_of_an_unknown_name_says_so()
    {
        Assert.Equal($"no image named 'nope' in {_images.Folder}", _images.Library().Remove("nope", out _));
    }

    private sealed class Recorder(List<IsoHashProgress> reports) : IProgress<IsoHashProgress>
    {
        public void Report(IsoHashProgress value) => reports.Add(value);
    }
}
