using System.Collections.Immutable;
using System.Net.NetworkInformation;
using System.Text.Json;
using PxeHost.Configuration;
using PxeHost.Storage;

namespace PxeHost.Boot.Plan;

/// <summary>
/// Profiles admins gave machines through the API, kept in <c>DATA-DIR/assignments.json</c> so they
/// survive a restart. They come before the plan's own machine entries: <see cref="ApplyTo"/> puts them
/// first in the plan <see cref="PlanSource.Current"/> serves, so DHCP answers, rendered configurations,
/// explain and boot-once all see the same machine. An assignment whose profile a later edit of
/// pxehost.yaml removed is left out of the plan (the machine boots what the file says) until it is set again.
/// </summary>
public sealed class MachineAssignments
{
    public const string FileName = "assignments.json";

    private readonly string? _file;
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, MachineAssignment> _all;

    /// <param name="file">The file; null keeps them in memory only.</param>
    public MachineAssignments(string? file)
    {
        _file = file;
        _all = Read(file);
    }

    /// <summary>Raised after every change, outside the store's lock.</summary>
    public event EventHandler? Changed;

    public IReadOnlyCollection<MachineAssignment> All => Volatile.Read(ref _all).Values.OrderBy(a => a.Mac, StringComparer.Ordinal).ToList();

    public MachineAssignment? Find(PhysicalAddress mac) => Volatile.Read(ref _all).GetValueOrDefault(MacAddressText.Format(mac));

    /// <summary>Gives the machine this profile (replacing what it had), and writes the file before returning.</summary>
    public void Set(PhysicalAddress mac, string profile, bool once)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var key = MacAddressText.Format(mac);
        lock (_gate)
        {
            Save(_all.SetItem(key, new MachineAssignment(key, profile, once)));
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Takes the machine's assignment away; false when it had none.</summary>
    public bool Remove(PhysicalAddress mac)
    {
        var key = MacAddressText.Format(mac);
        lock (_gate)
        {
            if (!_all.ContainsKey(key))
            {
                return false;
            }

            Save(_all.Remove(key));
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    /// <summary>
    /// The plan with the assignments first: an assigned machine's own entry (its host name, address,
    /// loader) is kept with the assigned profile and once flag; a machine the file does not name gets an entry.
    /// </summary>
    public BootPlanSet ApplyTo(BootPlanSet plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var assigned = Volatile.Read(ref _all).Values
            .Where(a => plan.Profiles.ContainsKey(a.Profile) || plan.Menus.ContainsKey(a.Profile))
            .OrderBy(a => a.Mac, StringComparer.Ordinal)
            .ToList();
        if (assigned.Count == 0)
        {
            return plan;
        }

        var entries = new List<MachineEntry>();
        foreach (var assignment in assigned)
        {
            var mac = PhysicalAddress.Parse(assignment.Mac.Replace(':', '-'));
            var own = plan.Machines.FirstOrDefault(m => m.Mac is not null && m.Mac.Equals(mac)) ?? new MachineEntry { Mac = mac };
            entries.Add(own with { Boot = assignment.Profile, Once = assignment.Once });
        }

        return plan with { Machines = [.. entries, .. plan.Machines] };
    }

    private void Save(ImmutableDictionary<string, MachineAssignment> all)
    {
        if (_file is not null)
        {
            // Written beside and renamed over: a crash leaves the old file or the new one, never half of one.
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_file))!);
            var temporary = _file + ".new";
            var list = all.Values.OrderBy(a => a.Mac, StringComparer.Ordinal).ToList();
            File.WriteAllText(temporary, JsonSerializer.Serialize(list, MachineAssignmentsJsonContext.Default.ListMachineAssignment));
            File.Move(temporary, _file, overwrite: true);
        }

        Volatile.Write(ref _all, all);
    }

    private static ImmutableDictionary<string, MachineAssignment> Read(string? file)
    {
        if (file is null || !File.Exists(file))
        {
            return ImmutableDictionary<string, MachineAssignment>.Empty;
        }

        var list = JsonSerializer.Deserialize(File.ReadAllText(file), MachineAssignmentsJsonContext.Default.ListMachineAssignment) ?? [];
        return list.Where(a => MacAddressText.TryParse(a.Mac, out _) && a.Profile is { Length: > 0 })
            .ToImmutableDictionary(a => a.Mac, StringComparer.Ordinal);
    }
}
