using System.Globalization;
using System.Text;
using PxeHost.Http.Api;
using PxeHost.Timeline;

namespace PxeHost.Http.Ui;

/// <summary>
/// /ui/machines/{mac}: one boot of one machine step by step with its verdicts, its transfers, what it
/// boots next and why; with the admin token, the controls to change that (the script sends them).
/// </summary>
internal static class MachinePage
{
    private static readonly string[] StepHeadings = ["+ms", "Time", "Step", "Asked", "Answered", "Why"];

    public static string Render(string mac, BootReport? report, string? missing, IReadOnlyList<TransferView> transfers, PlanView plan) =>
        UiLayout.Page("Machine " + mac, "machine", mac, html =>
        {
            html.Append("<p id=\"boot\">");
            if (report is null)
            {
                html.Append(Html.Encode(missing));
            }
            else
            {
                html.Append("Boot ").Append(Html.Encode(report.Boot)).Append(", started ").Append(Html.Encode(report.Started)).Append(". Boots kept:");
                foreach (var kept in report.Kept)
                {
                    html.Append(" <a href=\"/ui/machines/").Append(Html.Segment(mac)).Append("?boot=").Append(Html.Encode(kept)).Append("\">")
                        .Append(Html.Encode(kept)).Append("</a>");
                }
            }

            html.Append("</p>\n<ul id=\"verdicts\">\n");
            foreach (var verdict in report?.Verdicts ?? [])
            {
                html.Append("<li class=\"verdict-").Append(Html.ClassName(verdict.Kind)).Append(verdict.Note ? " note" : string.Empty).Append("\">")
                    .Append(Html.Encode(verdict.Text)).Append("</li>\n");
            }

            html.Append("</ul>\n<h2>Timeline</h2>\n");
            var steps = report?.Steps ?? [];
            UiLayout.Table(html, "steps", StepHeadings, rows =>
            {
                foreach (var s in steps)
                {
                    rows.Append("<tr>");
                    UiLayout.Cells(rows, s.Milliseconds.ToString(CultureInfo.InvariantCulture), s.Time, s.Kind, s.Asked, s.Answered, s.Why);
                    rows.Append("</tr>\n");
                }

                return steps.Count;
            }, "No step recorded.");
            html.Append("<h2>Transfers</h2>\n");
            TransferTable.Write(html, transfers);
            WhatItBoots(html, mac, plan);
        });

    private static void WhatItBoots(StringBuilder html, string mac, PlanView plan)
    {
        html.Append("<h2>What it boots next</h2>\n<p id=\"assignment\">").Append(Html.Encode(NextBoot(mac, plan))).Append("</p>\n");
        if (!plan.Loaded)
        {
            return;
        }

        html.Append("<section id=\"changes\" data-admin hidden>\n<form id=\"assign-form\"><label>Profile <select id=\"profile\" name=\"profile\">");
        foreach (var name in plan.Profiles.Select(p => p.Name).Concat(plan.Menus.Select(m => m.Name)))
        {
            html.Append("<option>").Append(Html.Encode(name)).Append("</option>");
        }

        html.Append("</select></label>\n<button type=\"submit\" id=\"assign\">Boot this profile</button>\n")
            .Append("<button type=\"button\" id=\"boot-once\">Boot it once, then the local disk</button>\n")
            .Append("<button type=\"button\" id=\"unassign\">Boot what pxehost.yaml says</button></form>\n")
            .Append("<p id=\"change-result\" role=\"status\"></p>\n</section>\n");
    }

    /// <summary>In the planner's order: an assignment made here, then the file's machine entry, then the default.</summary>
    public static string NextBoot(string mac, PlanView plan)
    {
        if (!plan.Loaded)
        {
            return "This server runs without a plan: it boots what its command line says.";
        }

        if (plan.Assignments.FirstOrDefault(a => a.Mac == mac) is { } assigned)
        {
            return assigned.Once
                ? assigned.BootedOnce ? $"Assigned here: '{assigned.Profile}' once, already booted: the local disk now." : $"Assigned here: '{assigned.Profile}' once, then the local disk."
                : $"Assigned here: '{assigned.Profile}'.";
        }

        return plan.Machines.FirstOrDefault(m => m.Mac == mac) is { } entry
            ? $"pxehost.yaml line {entry.Line.ToString(CultureInfo.InvariantCulture)}: '{entry.Boot ?? plan.DefaultBoot}'{(entry.Once ? " once" : string.Empty)}."
            : $"The plan's default: '{plan.DefaultBoot}'.";
    }
}
