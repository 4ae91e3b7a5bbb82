using System.Text;

namespace PxeHost.Http.Ui;

/// <summary>
/// The frame of every page: its header with the links and the admin-token form, the stylesheet and the
/// script. The script reads <c>data-page</c> (and <c>data-mac</c>) from the body to know what to keep live.
/// Without JavaScript the token form stays hidden and the page says it is read-only.
/// </summary>
internal static class UiLayout
{
    public static string Page(string title, string page, string? mac, Action<StringBuilder> main)
    {
        var html = new StringBuilder(8192);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append(" · PxeHost</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(UiEndpoints.Prefix).Append("/page.css\">\n")

            // An icon of the page's own: else the browser asks the boot tree for /favicon.ico, a miss on the requesting machine's timeline.
            .Append("<link rel=\"icon\" href=\"").Append(UiEndpoints.Prefix).Append("/icon.svg\" type=\"image/svg+xml\">\n")
            .Append("<script src=\"").Append(UiEndpoints.Prefix).Append("/page.js\" defer></script>\n</head>\n")
            .Append("<body data-page=\"").Append(Html.Encode(page)).Append('"');
        if (mac is not null)
        {
            html.Append(" data-mac=\"").Append(Html.Encode(mac)).Append('"');
        }

        html.Append(">\n<header>\n<a class=\"brand\" href=\"/ui/\">PxeHost</a>\n<nav>")
            .Append("<a href=\"/ui/\">Machines</a> <a href=\"/ui/leases\">Leases</a> <a href=\"/ui/plan\">Plan</a> <a href=\"/ui/images\">Images</a></nav>\n")
            .Append("<div class=\"admin-bar\">\n<p id=\"mode\">Read-only: changes need the admin token, and JavaScript to send it.</p>\n")
            .Append("<form id=\"token-form\" hidden><label>Admin token <input type=\"password\" id=\"token\" autocomplete=\"off\" required></label> ")
            .Append("<button type=\"submit\">Allow changes</button></form>\n")
            .Append("<button type=\"button\" id=\"forget-token\" hidden>Forget the token</button>\n</div>\n</header>\n<main>\n")
            .Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n");
        main(html);
        html.Append("</main>\n<footer>Live updates: <span id=\"live\">off (the page shows what was true when it was loaded)</span></footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A table with its headings; <paramref name="rows"/> writes the body's rows, or none, and then <paramref name="empty"/> is shown.</summary>
    public static void Table(StringBuilder html, string id, IReadOnlyList<string> headings, Func<StringBuilder, int> rows, string empty)
    {
        html.Append("<table id=\"").Append(id).Append("\">\n<thead><tr>");
        foreach (var heading in headings)
        {
            html.Append("<th>").Append(Html.Encode(heading)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        if (rows(html) == 0)
        {
            html.Append("<tr class=\"empty\"><td colspan=\"").Append(headings.Count).Append("\">").Append(Html.Encode(empty)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>Table cells, each value encoded.</summary>
    public static void Cells(StringBuilder html, params string?[] values)
    {
        foreach (var value in values)
        {
            html.Append("<td>").Append(Html.Encode(value)).Append("</td>");
        }
    }
}
