using System.Globalization;
using System.Text;
using PxeHost.Http.Api;
using PxeHost.Timeline;

namespace PxeHost.Http.Ui;

/// <summary>/ui/: every machine seen booting with its last step and verdict, and the transfers going on.</summary>
internal static class MachinesPage
{
    private static readonly string[] Headings = ["MAC", "Boot", "Address", "Architecture", "Stage", "Last step", "When", "Verdict"];

    public static string Render(IReadOnlyList<MachineRow> machines, IReadOnlyList<TransferView> transfers) =>
        UiLayout.Page("Machines", "machines", null, html =>
        {
            UiLayout.Table(html, "machines", Headings, rows =>
            {
                foreach (var m in machines)
                {
                    Row(rows, m);
                }

                return machines.Count;
            }, "No machine has booted yet.");
            html.Append("<h2>Transfers</h2>\n");
            TransferTable.Write(html, transfers);
        });

    private static void Row(StringBuilder html, MachineRow m)
    {
        html.Append("<tr class=\"verdict-").Append(Html.ClassName(m.VerdictKind)).Append("\" data-mac=\"").Append(Html.Encode(m.Mac)).Append("\">")
            .Append("<td><a href=\"/ui/machines/").Append(Html.Segment(m.Mac)).Append("\">").Append(Html.Encode(m.Mac)).Append("</a></td>");
        UiLayout.Cells(html, m.Boot.ToString(CultureInfo.InvariantCulture), m.Address, m.Architecture, m.Stage, m.LastStep, m.When, m.Verdict);
        html.Append("</tr>\n");
    }
}
