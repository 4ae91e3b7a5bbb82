using System.Globalization;
using System.Text;
using PxeHost.Http.Api;

namespace PxeHost.Http.Ui;

/// <summary>/ui/plan: the plan as loaded — profiles, menus, machines with their lines, the assignments made here — and the refused edit, file:line, when the last reload failed.</summary>
internal static class PlanPage
{
    public static string Render(PlanView plan) =>
        UiLayout.Page("Plan", "plan", null, html =>
        {
            if (!plan.Loaded)
            {
                html.Append("<p id=\"version\">This server runs without a plan (serve --config FILE): it boots what its command line says.</p>\n");
                return;
            }

            if (plan.Refused is { } refused)
            {
                html.Append("<section id=\"refused\" class=\"refused\">\n<h2>The last edit of ").Append(Html.Encode(refused.File))
                    .Append(" was refused; version ").Append(Html.Encode(refused.KeptVersion)).Append(" still serves</h2>\n<ul>\n");
                foreach (var error in refused.Errors)
                {
                    html.Append("<li>").Append(Html.Encode(error)).Append("</li>\n");
                }

                html.Append("</ul>\n</section>\n");
            }

            html.Append("<p id=\"version\">Version ").Append(Html.Encode(plan.Version)).Append(". Default: '").Append(Html.Encode(plan.DefaultBoot))
                .Append("' with ").Append(Html.Encode(plan.DefaultLoader)).Append(".</p>\n");
            Profiles(html, plan);
            html.Append("<h2>Menus</h2>\n");
            UiLayout.Table(html, "menus", ["Name", "Title", "Entries", "Default", "Timeout (s)"], rows =>
            {
                foreach (var m in plan.Menus)
                {
                    rows.Append("<tr>");
                    UiLayout.Cells(rows, m.Name, m.Title, string.Join(", ", m.Entries), m.Default, m.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture));
                    rows.Append("</tr>\n");
                }

                return plan.Menus.Count;
            }, "No menu.");
            Machines(html, plan);
        });

    private static void Profiles(StringBuilder html, PlanView plan)
    {
        html.Append("<h2>Profiles</h2>\n");
        UiLayout.Table(html, "profiles", ["Name", "Title", "Kind", "Kernel", "Initrds", "Command line", "Chains to"], rows =>
        {
            foreach (var p in plan.Profiles)
            {
                rows.Append("<tr>");
                UiLayout.Cells(rows, p.Name, p.Title, p.Kind, p.Kernel, string.Join(", ", p.Initrds), p.CommandLine, p.ChainTarget);
                rows.Append("</tr>\n");
            }

            return plan.Profiles.Count;
        }, "No profile.");
    }

    private static void Machines(StringBuilder html, PlanView plan)
    {
        html.Append("<h2>Machines</h2>\n");
        UiLayout.Table(html, "plan-machines", ["Line", "MAC", "UUID", "Host name", "Address", "Boots", "Loader", "Once", "Group"], rows =>
        {
            foreach (var m in plan.Machines)
            {
                rows.Append("<tr>");
                UiLayout.Cells(rows, m.Line.ToString(CultureInfo.InvariantCulture), m.Mac, m.Uuid, m.Hostname, m.Address, m.Boot, m.Loader, m.Once ? "yes" : "no", m.Group);
                rows.Append("</tr>\n");
            }

            return plan.Machines.Count;
        }, "No machine entry.");
        html.Append("<h2>Assigned here</h2>\n");
        UiLayout.Table(html, "assignments", ["MAC", "Profile", "Once", "Used"], rows =>
        {
            foreach (var a in plan.Assignments)
            {
                rows.Append("<tr><td><a href=\"/ui/machines/").Append(Html.Segment(a.Mac)).Append("\">").Append(Html.Encode(a.Mac)).Append("</a></td>");
                UiLayout.Cells(rows, a.Profile, a.Once ? "yes" : "no", a.BootedOnce ? "yes" : "no");
                rows.Append("</tr>\n");
            }

            return plan.Assignments.Count;
        }, "No assignment made through the API.");
    }
}
