using System.Security.Cryptography;
using System.Text.Json;

namespace PxeHost.Tests.Http.Api;

/// <summary>GET /api/v1/images against the whole server with a library of real images: what iso list shows, as JSON.</summary>
public sealed class ApiImagesTests
{
    [Fact]
    public async Task The_images_route_lists_each_image_with_its_entries_numbered_from_one_its_problems_and_a_refused_one_with_its_reason()
    {
        using var images = new ServedImages();
        await using var server = await ApiHarness.StartAsync(images: images.Catalog);

        using var response = await server.Client.GetAsync(new Uri("/api/v1/images", UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var list = json.RootElement.EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(["broken", "good"], list.Keys.Order(StringComparer.Ordinal));
        var good = list["good"];
        Assert.Equal(images.Source, good.GetProperty("file").GetString());
        Assert.Equal(new FileInfo(images.Source).Length, good.GetProperty("size").GetInt64());
        Assert.Equal("GOODIMAGE", good.GetProperty("label").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(images.Source))), good.GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, good.GetProperty("refused").ValueKind);
        var problem = Assert.Single(good.GetProperty("problems").EnumerateArray()).GetString()!;
        Assert.StartsWith("isolinux/isolinux.cfg:", problem, StringComparison.Ordinal);
        Assert.Contains("boot/vmlinuz-old", problem, StringComparison.Ordinal);

        var entry = Assert.Single(good.GetProperty("entries").EnumerateArray());
        Assert.Equal(1, entry.GetProperty("number").GetInt32());
        Assert.Equal(ServedImages.HostileTitle, entry.GetProperty("title").GetString());
        Assert.Equal("plain", entry.GetProperty("family").GetString());
        Assert.Equal("all in the initrd", entry.GetProperty("method").GetString());
        Assert.True(entry.GetProperty("ramBytes").GetInt64() > 0);
        Assert.Equal("BIOS+UEFI", entry.GetProperty("firmware").GetString());
        Assert.Equal(string.Empty, entry.GetProperty("note").GetString());
        Assert.Equal("boot/vmlinuz", entry.GetProperty("kernel").GetString());
        Assert.Equal(["boot/initrd.img"], entry.GetProperty("initrds").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("console=ttyS0", entry.GetProperty("arguments").GetString());
        Assert.Equal(string.Empty, entry.GetProperty("networkArguments").GetString());

        var broken = list["broken"];
        Assert.False(string.IsNullOrEmpty(broken.GetProperty("refused").GetString()));
        Assert.Empty(broken.GetProperty("entries").EnumerateArray());
        Assert.Equal(string.Empty, broken.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_images_route_is_an_empty_list_when_the_server_has_no_library()
    {
        await using var server = await ApiHarness.StartAsync();

        Assert.Equal("[]", await server.Client.GetStringAsync(new Uri("/api/v1/images", UriKind.Relative)));
    }
}
