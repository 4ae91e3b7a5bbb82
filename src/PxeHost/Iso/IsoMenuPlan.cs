using PxeHost.Boot.Plan;

namespace PxeHost.Iso;

/// <summary>
/// The plan of a server started without one: the menu of the images' entries (<see cref="IsoProfiles.Menu"/>),
/// built again whenever the library changes, so that an image dropped in while serving is offered at once.
/// </summary>
public sealed class IsoMenuPlan
{
    public IsoMenuPlan(IsoCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Plans = new PlanSource(IsoProfiles.Menu(catalog.Images));
        catalog.Changed += (_, _) => Plans.Replace(IsoProfiles.Menu(catalog.Images));
    }

    /// <summary>The menu in force, as a plan the plan policy reads.</summary>
    public PlanSource Plans { get; }
}
