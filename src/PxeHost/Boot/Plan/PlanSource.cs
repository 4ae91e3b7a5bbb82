using PxeHost.Configuration;

namespace PxeHost.Boot.Plan;

/// <summary>
/// The plan in force. Replaced whole when pxehost.yaml changes and the new file is valid; readers
/// take <see cref="Current"/> once per request, so a request never sees half of two plans.
/// </summary>
public sealed class PlanSource(BootPlanSet initial)
{
    private volatile Snapshot _current = new(initial, PlanResolver.PublishedFiles(initial));

    public BootPlanSet Current => _current.Plan;

    /// <summary>Files profiles name by absolute path, as published for the current plan.</summary>
    public IReadOnlyDictionary<string, string> PublishedFiles => _current.Published;

    public int Version { get; private set; }

    public void Replace(BootPlanSet plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _current = new Snapshot(plan, PlanResolver.PublishedFiles(plan));
        Version++;
    }

    private sealed record Snapshot(BootPlanSet Plan, IReadOnlyDictionary<string, string> Published);
}
