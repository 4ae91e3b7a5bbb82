using PxeHost.Storage;

namespace PxeHost.Http.Ui;

/// <summary>/ui/leases: every lease on record; with the admin token each can be released.</summary>
internal static class LeasesPage
{
    private static readonly string[] Headings = ["Address", "MAC", "State", "Start", "Expires", "Host name", string.Empty];

    public static string Render(IReadOnlyList<LeaseRow> leases) =>
        UiLayout.Page("Leases", "leases", null, html =>
        {
            UiLayout.Table(html, "leases", Headings, rows =>
            {
                foreach (var l in leases)
                {
                    rows.Append("<tr data-address=\"").Append(Html.Encode(l.Address)).Append("\">");
                    UiLayout.Cells(rows, l.Address, l.Mac, l.State, l.Start, l.Expires, l.Hostname);
                    rows.Append("<td>");

                    // Only a lease in use can be released; a released or declined one is kept for its client as it is.
                    if (l.State == "active")
                    {
                        rows.Append("<button type=\"button\" class=\"release\" data-admin hidden data-address=\"").Append(Html.Encode(l.Address)).Append("\">Release</button>");
                    }

                    rows.Append("</td></tr>\n");
                }

                return leases.Count;
            }, "No lease on record (or this server hands out no addresses: proxy mode).");
            html.Append("<p id=\"change-result\" role=\"status\"></p>\n");
        });
}
