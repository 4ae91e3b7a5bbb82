using System.Globalization;
using Microsoft.Data.Sqlite;
using PxeHost.Lab;
using PxeHost.Timeline;

namespace PxeHost.Cli.Demo;

/// <summary>
/// The demo's lab at work: PxeHost serving a plan on the lab bridge (run as any admin runs it, as its
/// own process, dropping to nobody), and the machines booting from it, watched through what the server
/// records — its boot timeline — and the machines' serial consoles.
/// </summary>
internal sealed class DemoRun(BootLab lab, LabPayload payload, TimeProvider time)
{
    /// <summary>How long one group of machines may take (TCG emulation on one core each: a UEFI boot takes about a minute).</summary>
    private static readonly TimeSpan BootLimit = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private NamespacedProgram? _server;

    public string DataDirectory { get; } = Path.Combine(lab.WorkDirectory, "data");

    public string PlanPath { get; } = Path.Combine(lab.WorkDirectory, "pxehost.yaml");

    public string TimelinePath => Path.Combine(DataDirectory, TimelineDatabase.FileName);

    /// <summary>The server's own lines, for a failure's report.</summary>
    public IReadOnlyList<string> ServerLines => _server?.Lines ?? [];

    /// <summary>Writes the plan and starts <c>pxehost serve</c> in the lab; returns once it answers DHCP.</summary>
    public async Task StartServerAsync(IReadOnlyList<DemoMachine> machines)
    {
        await File.WriteAllTextAsync(PlanPath, DemoPlan.Yaml(lab, payload, machines)).ConfigureAwait(false);
        var self = Self();
        _server = await lab.StartProgramAsync("DHCP (Full) listening on br0", self[0],
            [.. self[1..], "serve", "--config", PlanPath, "--data-dir", DataDirectory, "--probe-timeout", "500"]).ConfigureAwait(false);
    }

    /// <summary>Starts <paramref name="group"/> at once and watches them until each booted or failed; <paramref name="tick"/> is called after each look.</summary>
    public async Task BootAsync(IReadOnlyList<DemoMachine> group, Action tick, CancellationToken cancellationToken)
    {
        foreach (var machine in group)
        {
            machine.Vm = await lab.StartVmAsync(machine.Firmware, machine.Mac).ConfigureAwait(false);
        }

        var deadline = time.GetUtcNow() + BootLimit;
        while (!group.All(m => m.Finished))
        {
            foreach (var machine in group.Where(m => !m.Finished))
            {
                Look(machine, deadline);
            }

            tick();
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }

        // The timeline is written a moment after the events: give it that moment to show the last steps.
        foreach (var machine in group)
        {
            machine.Progress = BootProgress.Of(Steps(machine), machine.Booted);
        }

        tick();
    }

    /// <summary>The machine's last boot as the server recorded it, or null when it has none.</summary>
    public MachineBoot? LastBoot(DemoMachine machine)
    {
        try
        {
            var boots = TimelineDatabase.ReadBoots(TimelinePath, machine.MacText);
            return boots.Count == 0 ? null : boots[^1];
        }
        catch (Exception e) when (e is InvalidOperationException or SqliteException)
        {
            // Not created yet, or being created: there is nothing to show.
            return null;
        }
    }

    /// <summary>Asks the server to stop (SIGTERM) and waits for it to close its files.</summary>
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    private void Look(DemoMachine machine, DateTimeOffset deadline)
    {
        var vm = machine.Vm!;
        if (vm.FindSerialLine(LabPayload.Marker) is { } line)
        {
            machine.Booted = time.GetUtcNow();
            machine.ConsoleLine = line;
        }
        else if (vm.HasExited)
        {
            machine.Failure = "QEMU ended before the system ran. " + vm.Describe();
        }
        else if (time.GetUtcNow() > deadline)
        {
            machine.Failure = string.Create(CultureInfo.InvariantCulture, $"did not boot within {BootLimit.TotalMinutes} minutes. ") + vm.Describe();
        }

        machine.Progress = BootProgress.Of(Steps(machine), machine.Booted);
    }

    private IReadOnlyList<TimelineStep> Steps(DemoMachine machine) => LastBoot(machine)?.Steps ?? [];

    /// <summary>This program, to run it again: <c>dotnet exec PxeHost.Cli.dll</c> from a build, the executable itself when published as one file.</summary>
    private static string[] Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this program is unknown");
        var assembly = Path.Join(AppContext.BaseDirectory, typeof(DemoRun).Assembly.GetName().Name + ".dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && File.Exists(assembly) ? [process, "exec", assembly] : [process];
    }
}
