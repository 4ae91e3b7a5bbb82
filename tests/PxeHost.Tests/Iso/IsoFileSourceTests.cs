using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Iso;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Iso;

/// <summary>The images in the file chain: files inside an image and the whole image, over the chain and over real HTTP with ranges.</summary>
public sealed class IsoFileSourceTests : IDisposable
{
    private readonly TestImages _images = new();
    private readonly string _file;
    private readonly IsoCatalog _catalog;

    public IsoFileSourceTests()
    {
        _file = _images.Make("live", TestImages.LiveEntries);
        _catalog = new IsoCatalog(_images.Library());
        _catalog.Library.Add(_file, null, null, null, CancellationToken.None, out _);
        _catalog.Refresh();
    }

    private string Tree => Path.ChangeExtension(_file, ".tree");

    public void Dispose() => _images.Dispose();

    [Fact]
    public void A_file_inside_the_image_is_served_byte_for_byte()
    {
        using var source = new IsoFileSource(_catalog);
        var chain = new FileChain([source]);

        using var file = chain.Open("iso/live/live/initrd.img", FileRequest.Local).File!;

        Assert.Equal(File.ReadAllBytes(Path.Combine(Tree, "live", "initrd.img")), Read(file));
    }

    [Fact]
    public void Names_inside_the_image_match_ignoring_case_when_not_exactly()
    {
        using var source = new IsoFileSource(_catalog);

        using var file = source.Open("iso/live/LIVE/VMLINUZ", FileRequest.Local).File!;

        Assert.Equal(File.ReadAllBytes(Path.Combine(Tree, "live", "vmlinuz")), Read(file));
    }

    [Fact]
    public void The_whole_image_is_served_as_NAME_iso()
    {
        using var source = new IsoFileSource(_catalog);

        using var file = source.Open("iso/live.iso", FileRequest.Local).File!;

        Assert.Equal(File.ReadAllBytes(_file), Read(file));
        Assert.NotNull(file.Stamp);
    }

    [Fact]
    public void Other_names_are_not_its_own_and_missing_files_in_an_image_are_refused()
    {
        using var source = new IsoFileSource(_catalog);

        Assert.True(source.Open("live/vmlinuz", FileRequest.Local).IsNotMine);
        Assert.True(source.Open("iso/other/live/vmlinuz", FileRequest.Local).IsNotMine);
        Assert.True(source.Open("iso/other.iso", FileRequest.Local).IsNotMine);
        Assert.Equal(new FileRefusal(TftpErrorCode.FileNotFound, "no live/missing in image live"), source.Open("iso/live/live/missing", FileRequest.Local).Refusal);
        Assert.Equal(new FileRefusal(TftpErrorCode.FileNotFound, "live is a folder in image live"), source.Open("iso/live/live", FileRequest.Local).Refusal);
    }

    [Fact]
    public void A_refused_image_is_not_served_and_the_refusal_says_why()
    {
        TestImages.MakeCorrupt("broken", _images.Folder);
        _catalog.Refresh();
        using var source = new IsoFileSource(_catalog);

        var answer = source.Open("iso/broken/live/vmlinuz", FileRequest.Local);

        Assert.Equal($"image broken is refused: no folder {Path.Combine(_images.Folder, "broken.tree")}", answer.Refusal!.Reason);
    }

    [Fact]
    public void The_image_is_opened_once_and_again_only_after_it_changed()
    {
        using var source = new IsoFileSource(_catalog);
        var opens = _images.Opens;

        for (var i = 0; i < 3; i++)
        {
            source.Open("iso/live/live/vmlinuz", FileRequest.Local).File!.Dispose();
        }

        Assert.Equal(opens + 1, _images.Opens);
        File.AppendAllText(_file, "changed");
        _catalog.Refresh();
        Assert.Equal(0, source.OpenTrees);
        source.Open("iso/live/live/vmlinuz", FileRequest.Local).File!.Dispose();
        Assert.Equal(1, source.OpenTrees);
    }

    [Fact]
    public async Task Over_http_a_range_inside_an_image_file_is_served_as_partial_content()
    {
        using var source = new IsoFileSource(_catalog);
        await using var app = await StartHttpAsync(new FileChain([source]));
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/iso/live/live/initrd.img", UriKind.Relative));
        request.Headers.Range = new RangeHeaderValue(100_000, 100_099);
        using var whole = new HttpRequestMessage(HttpMethod.Get, new Uri("/iso/live.iso", UriKind.Relative));
        whole.Headers.Range = new RangeHeaderValue(250_000, null);

        using var response = await client.SendAsync(request);
        using var tail = await client.SendAsync(whole);

        var expected = File.ReadAllBytes(Path.Combine(Tree, "live", "initrd.img"))[100_000..100_100];
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 100000-100099/120000", response.Content.Headers.ContentRange!.ToString());
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(File.ReadAllBytes(_file)[250_000..], await tail.Content.ReadAsByteArrayAsync());
    }

    private static async Task<WebApplication> StartHttpAsync(FileChain files)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapBootEndpoints(new HttpBootOptions { ListenAddresses = [IPAddress.Loopback] }, files, TestPolicies.Flags(), NullLogger.Instance);
        await app.StartAsync();
        return app;
    }

    private static byte[] Read(OpenedFile file)
    {
        var bytes = new byte[file.Length];
        Assert.Equal(bytes.Length, file.Read(0, bytes));
        return bytes;
    }
}
