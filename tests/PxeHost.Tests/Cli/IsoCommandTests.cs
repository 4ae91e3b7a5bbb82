using System.Text.Json;
using PxeHost.Cli;
using PxeHost.Iso;
using PxeHost.Tests.Iso;

namespace PxeHost.Tests.Cli;

/// <summary>pxehost iso add|list|remove through the command tree, with images read through folders (<see cref="TestImages"/>).</summary>
public sealed class IsoCommandTests : IDisposable
{
    private readonly TestImages _images = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();
    private readonly System.CommandLine.Command _root;

    public IsoCommandTests()
    {
        _root = PxeHostCommand.Create("PxeHost");
        _root.Subcommands.Add(IsoCommand.Create(_images.LibraryAt, _output, _errors));
    }

    public void Dispose()
    {
        _images.Dispose();
        _output.Dispose();
        _errors.Dispose();
    }

    [Fact]
    public async Task Add_then_list_then_remove()
    {
        var file = _images.Make("live", TestImages.LiveEntries);

        Assert.Equal(0, await RunAsync("iso", "add", file, "--name", "live", "--user", "root", "--data-dir", _images.Data));
        var added = Take();
        Assert.Equal(0, await RunAsync("iso", "list", "--data-dir", _images.Data));
        var listed = Take();
        Assert.Equal(0, await RunAsync("iso", "remove", "live", "--data-dir", _images.Data));
        var removed = Take();

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        var image = $"""
            live  293.0 KiB  label "live.tree"  sha256 {sha}  {file}
              1. Live system  [debian-live; squashfs over HTTP (fetch=); RAM 585.9 KiB; BIOS+UEFI]
              2. Live system (BIOS safe mode)  [plain; all in the initrd; RAM unknown; BIOS]
              3. Whole image  [plain; the whole image; RAM 293.0 KiB; BIOS+UEFI]
                 note: BIOS: memdisk; iPXE: sanboot

            """.Replace("\r", string.Empty, StringComparison.Ordinal);
        Assert.Equal($"added live: {_images.Folder}/live.iso -> {file}\n" + image, added);
        Assert.Equal(image, listed);
        Assert.Equal($"removed the link {_images.Folder}/live.iso (to {file}, which stays)\n", removed);
        Assert.True(File.Exists(file));
        Assert.Contains("hashing live: 100% of 293.0 KiB", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_json_gives_every_image_with_its_entries_and_a_refused_one_with_its_reason()
    {
        _images.Make("live", TestImages.LiveEntries, folder: _images.Folder);
        TestImages.MakeCorrupt("broken", _images.Folder);

        Assert.Equal(0, await RunAsync("iso", "list", "--json", "--data-dir", _images.Data));

        var images = JsonSerializer.Deserialize(_output.ToString(), IsoIndexJsonContext.Default.ListIsoImage)!;
        Assert.Equal(["broken", "live"], images.Select(i => i.Name));
        Assert.StartsWith("no folder ", images[0].Refusal, StringComparison.Ordinal);
        Assert.Equal(IsoEntryKind.WholeImage, images[1].Entries[2].Kind);
        Assert.Contains("\"kind\": \"WholeImage\"", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_of_a_name_taken_and_remove_of_an_unknown_name_are_refused_with_exit_code_2()
    {
        var file = _images.Make("live", TestImages.LiveEntries);
        await RunAsync("iso", "add", file, "--user", "root", "--data-dir", _images.Data);

        Assert.Equal(2, await RunAsync("iso", "add", file, "--user", "root", "--data-dir", _images.Data));
        Assert.Equal(2, await RunAsync("iso", "remove", "nope", "--data-dir", _images.Data));

        Assert.Equal(
            $"pxehost iso add: an image named 'live' is already there ({_images.Folder}/live.iso): iso remove live first, or choose another --name\n"
            + $"pxehost iso remove: no image named 'nope' in {_images.Folder}\n",
            string.Join('\n', _errors.ToString().Split('\n').Where(l => !l.StartsWith("hashing", StringComparison.Ordinal))));
    }

    [Fact]
    public void The_manual_page_describes_the_iso_commands()
    {
        var page = ManualPage.Write(_root, "1.0", new DateOnly(2026, 1, 1));

        Assert.Contains(".SS \"pxehost iso add FILE [OPTIONS]\"", page, StringComparison.Ordinal);
        Assert.Contains(".SS \"pxehost iso list [OPTIONS]\"", page, StringComparison.Ordinal);
        Assert.Contains(".SS \"pxehost iso remove NAME [OPTIONS]\"", page, StringComparison.Ordinal);
    }

    private Task<int> RunAsync(params string[] arguments) => _root.Parse(arguments).InvokeAsync();

    private string Take()
    {
        var text = _output.ToString();
        _output.GetStringBuilder().Clear();
        return text;
    }
}
