using System.Globalization;
using System.Text;
using PxeHost.Http.Api;
using PxeHost.Iso;

namespace PxeHost.Http.Ui;

/// <summary>
/// /ui/images: the ISO images in force, each with its file, size, label and SHA-256 (shortened, whole in
/// the title), its boot entries numbered as plans name them and its problems; or why it is refused.
/// The page is as the images were when it was loaded: images change seldom, and a reload shows the new ones.
/// </summary>
internal static class ImagesPage
{
    private static readonly string[] EntryHeadings = ["#", "Title", "Family", "Method", "RAM", "Firmware", "Note"];

    /// <param name="images">The images in force.</param>
    /// <param name="folder">The library's folder (DATA-DIR/isos), when the server has one.</param>
    public static string Render(IReadOnlyList<ImageView> images, string? folder) =>
        UiLayout.Page("Images", "images", null, html =>
        {
            if (images.Count == 0)
            {
                html.Append("<p id=\"no-images\">No ISO image. Add one with <code>pxehost iso add FILE.iso</code>, or drop an image file into <code>")
                    .Append(Html.Encode(folder ?? "DATA-DIR/" + IsoLibrary.FolderName + "/")).Append("</code>.</p>\n");
                return;
            }

            foreach (var image in images)
            {
                Image(html, image);
            }
        });

    private static void Image(StringBuilder html, ImageView image)
    {
        html.Append("<section class=\"image\" data-image=\"").Append(Html.Encode(image.Name)).Append("\">\n<h2>").Append(Html.Encode(image.Name)).Append("</h2>\n");
        html.Append("<table class=\"image-facts\">\n<tbody>\n<tr><th>Size</th>");
        UiLayout.Cells(html, string.Create(CultureInfo.InvariantCulture, $"{IsoListing.Size(image.Size)} ({image.Size} bytes)"));
        html.Append("</tr>\n<tr><th>File</th>");
        UiLayout.Cells(html, image.File);
        html.Append("</tr>\n");
        if (image.Refused is { } refused)
        {
            html.Append("</tbody>\n</table>\n<p class=\"refused\">Refused: ").Append(Html.Encode(refused)).Append("</p>\n</section>\n");
            return;
        }

        html.Append("<tr><th>Label</th>");
        UiLayout.Cells(html, image.Label);
        html.Append("</tr>\n<tr><th>SHA-256</th><td><span title=\"").Append(Html.Encode(image.Sha256)).Append("\">")
            .Append(Shortened(image.Sha256)).Append("</span></td></tr>\n</tbody>\n</table>\n");
        UiLayout.Table(html, "entries-" + Html.ClassName(image.Name), EntryHeadings, rows =>
        {
            foreach (var e in image.Entries)
            {
                rows.Append("<tr>");
                UiLayout.Cells(rows, e.Number.ToString(CultureInfo.InvariantCulture), e.Title, e.Family, e.Method, e.RamBytes > 0 ? IsoListing.Size(e.RamBytes) : "unknown", e.Firmware, e.Note);
                rows.Append("</tr>\n");
            }

            return image.Entries.Count;
        }, "No boot entry found in the image.");
        if (image.Problems.Count > 0)
        {
            html.Append("<ul class=\"problems\">\n");
            foreach (var problem in image.Problems)
            {
                html.Append("<li>").Append(Html.Encode(problem)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>The first and last 8 digits, encoded (the ellipsis is the page's own, UTF-8): enough to compare by eye with a published sum.</summary>
    private static string Shortened(string sha256) =>
        sha256.Length <= 20 ? Html.Encode(sha256) : $"{Html.Encode(sha256[..8])}…{Html.Encode(sha256[^8..])}";
}
