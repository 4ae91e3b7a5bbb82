using PxeHost.Boot.Plan;
using PxeHost.Configuration;

namespace PxeHost.Tests.Boot.Plan;

/// <summary>Assignments made through the API: before the plan's own machine entries, kept in the data folder, dropped from the plan when their profile goes.</summary>
public sealed class MachineAssignmentsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pxh-assign-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly BootPlanSet Plan = TestPlans.Create();

    private string File => Path.Combine(_folder, MachineAssignments.FileName);

    [Fact]
    public void An_assignment_comes_before_the_machines_own_entry_and_keeps_its_host_name()
    {
        var assignments = new MachineAssignments(File);
        assignments.Set(TestPlans.Web, "memtest", once: false);

        var plan = assignments.ApplyTo(Plan);

        var machine = plan.Find(TestPlans.Web, null)!;
        Assert.Equal(("memtest", "web1", false), (machine.Boot, machine.Hostname, machine.Once));
        Assert.Equal("linux", Plan.Find(TestPlans.Web, null)!.Boot);
    }

    [Fact]
    public void The_plan_source_serves_assignments_at_once_and_a_new_server_reads_them_back()
    {
        var plans = new PlanSource(Plan, new MachineAssignments(File));
        plans.Assignments!.Set(TestPlans.Stranger, "main", once: true);

        Assert.Equal(("main", true), (plans.Current.Find(TestPlans.Stranger, null)!.Boot, plans.Current.Find(TestPlans.Stranger, null)!.Once));
        Assert.Null(plans.Loaded.Find(TestPlans.Stranger, null));
        var restarted = new PlanSource(Plan, new MachineAssignments(File));
        Assert.Equal("main", restarted.Current.Find(TestPlans.Stranger, null)!.Boot);

        Assert.True(restarted.Assignments!.Remove(TestPlans.Stranger));
        Assert.Null(restarted.Current.Find(TestPlans.Stranger, null));
        Assert.Empty(new MachineAssignments(File).All);
    }

    [Fact]
    public void An_assignment_whose_profile_an_edit_removed_is_left_out_until_it_comes_back()
    {
        var plans = new PlanSource(Plan, new MachineAssignments(File));
        plans.Assignments!.Set(TestPlans.Web, "memtest", once: false);
        var without = Plan with { Profiles = Plan.Profiles.Where(p => p.Key != "memtest").ToDictionary() };

        plans.Replace(without);
        Assert.Equal("linux", plans.Current.Find(TestPlans.Web, null)!.Boot);

        plans.Replace(Plan);
        Assert.Equal("memtest", plans.Current.Find(TestPlans.Web, null)!.Boot);
    }

    [Fact]
    public void A_refused_edit_is_kept_until_the_next_applied_one()
    {
        var plans = new PlanSource(BootPlanSet.Empty);
        plans.Refuse(new PxeHost.Events.PlanRefused { File = "pxehost.yaml", Errors = ["pxehost.yaml:3: defaults.boot: no profile or menu 'x'"], KeptVersion = 0 });

        Assert.Equal("pxehost.yaml:3: defaults.boot: no profile or menu 'x'", Assert.Single(plans.LastRefused!.Errors));
        plans.Replace(BootPlanSet.Empty);
        Assert.Null(plans.LastRefused);
    }
}
