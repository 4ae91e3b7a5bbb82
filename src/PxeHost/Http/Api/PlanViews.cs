using System.Net.NetworkInformation;
using PxeHost.Boot.Plan;
using PxeHost.Storage;

namespace PxeHost.Http.Api;

/// <summary>The plan in force as the API shows it.</summary>
internal static class PlanViews
{
    public static PlanView Of(PlanSource? plans, BootOnceRecord? once)
    {
        if (plans is null)
        {
            return new PlanView(false, 0, null, nameof(BootLoader.Ipxe), [], [], [], [], null);
        }

        var plan = plans.Loaded;
        var profiles = plan.Profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new ProfileView(p.Name, p.Title, p.Kind.ToString(), p.Kernel, p.Initrds, p.CommandLine, p.ChainTarget)).ToList();
        var menus = plan.Menus.Values.OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new MenuView(m.Name, m.Title, m.Entries, m.Default, m.Timeout?.TotalSeconds)).ToList();
        var machines = plan.Machines.Select(m => new MachineView(
            m.Mac is null ? null : MacAddressText.Format(m.Mac), m.Uuid?.ToString(), m.Hostname, m.Address?.ToString(), m.Boot, m.Loader?.ToString(), m.Once, m.Group, m.Line)).ToList();
        var assignments = (plans.Assignments?.All ?? []).Select(a => Assignment(a, once)).ToList();
        var refused = plans.LastRefused is { } r ? new PlanRefusalView(r.File, r.Errors, r.KeptVersion) : null;
        return new PlanView(true, plans.Version, plan.DefaultBoot, plan.DefaultLoader.ToString(), profiles, menus, machines, assignments, refused);
    }

    public static AssignmentView Assignment(MachineAssignment assignment, BootOnceRecord? once)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var used = assignment.Once && once is not null && once.HasBooted(PhysicalAddress.Parse(assignment.Mac.Replace(':', '-')));
        return new AssignmentView(assignment.Mac, assignment.Profile, assignment.Once, used);
    }
}
