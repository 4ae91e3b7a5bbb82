using System.Net;
using System.Security.Cryptography;
using PxeHost.Http.Api;
using PxeHost.Http.Ui;
using PxeHost.Iso;
using PxeHost.Tests.Http.Api;

namespace PxeHost.Tests.Http.Ui;

/// <summary>/ui/images against the whole server with real images, and its escaping of whatever an image's author wrote.</summary>
public sealed class ImagesPageTests
{
    [Fact]
    public async Task The_images_page_shows_each_image_with_its_entries_and_problems_and_a_refused_image_with_its_reason()
    {
        using var images = new ServedImages();
        await using var server = await ApiHarness.StartAsync(images: images.Catalog);

        var html = await PageAsync(server, "/ui/images");

        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(images.Source)));
        Assert.Contains("<section class=\"image\" data-image=\"good\">\n<h2>good</h2>", html, StringComparison.Ordinal);
        Assert.Contains($"<tr><th>File</th><td>{images.Source}</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains($"({new FileInfo(images.Source).Length} bytes)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Label</th><td>GOODIMAGE</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains($"<span title=\"{sha}\">{sha[..8]}…{sha[^8..]}</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td>1</td><td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Live</td><td>plain</td><td>all in the initrd</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>BIOS&#x2B;UEFI</td>", html, StringComparison.Ordinal);
        Assert.Contains("<li>isolinux/isolinux.cfg:", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"image\" data-image=\"broken\">", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"refused\">Refused: ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"no-images\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_images_the_page_says_how_to_add_one_and_every_page_links_to_it()
    {
        await using var server = await ApiHarness.StartAsync();

        var html = await PageAsync(server, "/ui/images");

        Assert.Contains("<code>pxehost iso add FILE.iso</code>", html, StringComparison.Ordinal);
        Assert.Contains($"<code>{Path.Combine(server.DataDirectory, IsoLibrary.FolderName)}</code>", html, StringComparison.Ordinal);
        Assert.Contains("<body data-page=\"images\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/ui/images\">Images</a>", await PageAsync(server, "/ui/leases"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_value_an_image_brings_is_escaped()
    {
        const string Evil = "<img src=x onerror=alert(1)>";
        var entry = new ImageEntryView(1, Evil, Evil, Evil, 1024, Evil, Evil, Evil, [Evil], Evil, Evil);
        var served = new ImageView(Evil, Evil, 4096, Evil, Evil + new string('a', 64), null, [Evil], [entry]);
        var refused = new ImageView(Evil + "2", Evil, 4096, Evil, string.Empty, Evil, [], []);

        var html = ImagesPage.Render([served, refused], Evil);

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("<h2>&lt;img src=x onerror=alert(1)&gt;</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Label</th><td>&lt;img src=x onerror=alert(1)&gt;</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<span title=\"&lt;img src=x onerror=alert(1)&gt;aaa", html, StringComparison.Ordinal);
        Assert.Contains("<li>&lt;img src=x onerror=alert(1)&gt;</li>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"refused\">Refused: &lt;img src=x onerror=alert(1)&gt;</p>", html, StringComparison.Ordinal);

        // With no image, the folder shown is escaped too.
        Assert.DoesNotContain("<img", ImagesPage.Render([], Evil), StringComparison.Ordinal);
    }

    private static async Task<string> PageAsync(ApiHarness server, string path)
    {
        using var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
