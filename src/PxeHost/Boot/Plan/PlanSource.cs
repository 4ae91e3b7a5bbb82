using PxeHost.Configuration;
using PxeHost.Events;

namespace PxeHost.Boot.Plan;

/// <summary>
/// The plan in force. Replaced whole when pxehost.yaml changes and the new file is valid, or when an
/// admin assigns a machine a profile (<see cref="MachineAssignments"/>, put before the file's machines);
/// readers take <see cref="Current"/> once per request, so a request never sees half of two plans.
/// </summary>
public sealed class PlanSource
{
    private readonly MachineAssignments? _assignments;
    private readonly Lock _gate = new();
    private volatile Snapshot _current;
    private volatile PlanRefused? _refused;

    public PlanSource(BootPlanSet initial, MachineAssignments? assignments = null)
    {
        _assignments = assignments;
        _current = Build(initial);
        if (assignments is not null)
        {
            assignments.Changed += (_, _) =>
            {
                lock (_gate)
                {
                    _current = Build(_current.Loaded);
                }
            };
        }
    }

    /// <summary>The plan machines get: the file's, with the admins' assignments first.</summary>
    public BootPlanSet Current => _current.Plan;

    /// <summary>The plan as pxehost.yaml gave it, without assignments.</summary>
    public BootPlanSet Loaded => _current.Loaded;

    public MachineAssignments? Assignments => _assignments;

    /// <summary>Files profiles name by absolute path, as published for the current plan.</summary>
    public IReadOnlyDictionary<string, string> PublishedFiles => _current.Published;

    public int Version { get; private set; }

    /// <summary>The last edit of the file that was refused, while the plan in force is older than it; null once an edit is applied.</summary>
    public PlanRefused? LastRefused => _refused;

    public void Replace(BootPlanSet plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_gate)
        {
            _current = Build(plan);
            _refused = null;
            Version++;
        }
    }

    /// <summary>Records an edit that was refused: the plan in force stays.</summary>
    public void Refuse(PlanRefused refused) => _refused = refused ?? throw new ArgumentNullException(nameof(refused));

    private Snapshot Build(BootPlanSet loaded)
    {
        var plan = _assignments?.ApplyTo(loaded) ?? loaded;
        return new Snapshot(plan, loaded, PlanResolver.PublishedFiles(plan));
    }

    private sealed record Snapshot(BootPlanSet Plan, BootPlanSet Loaded, IReadOnlyDictionary<string, string> Published);
}
