using PxeHost.Lab;

namespace PxeHost.Cli.Demo;

/// <summary>
/// The demo for scripts and CI (<c>--no-ui</c>, or when output is not a terminal): a plain line each
/// time a machine moves to another stage, starts a transfer, boots or fails.
/// </summary>
internal sealed class DemoLines(TextWriter output, TimeProvider time)
{
    private readonly Dictionary<DemoMachine, string> _last = [];
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public void Show(IEnumerable<DemoMachine> machines)
    {
        foreach (var machine in machines.Where(m => m.Vm is not null))
        {
            var state = State(machine);
            if (_last.TryGetValue(machine, out var last) && last == state)
            {
                continue;
            }

            _last[machine] = state;
            var at = DemoText.Seconds(time.GetUtcNow() - _started);
            output.WriteLine($"{at,8}  {machine.Name,-15} {state}");
        }
    }

    private static string State(DemoMachine machine)
    {
        var progress = machine.Progress;
        if (machine.Booted is not null)
        {
            return $"booted ({DemoText.Times(progress)}); its console: {machine.ConsoleLine}";
        }

        if (machine.Failure is not null)
        {
            return $"FAILED at {DemoText.Stage(progress.Current)}: {machine.Failure}";
        }

        var address = progress.Address is null ? string.Empty : $" [{progress.Address}]";
        var transfer = progress.Transfer is { } t && progress.Current is not BootStage.Dhcp ? $": {t.File.TrimStart('/')} over {(t.Tftp ? "TFTP" : "HTTP")}" : string.Empty;
        return $"{DemoText.Stage(progress.Current)}{transfer}{address}";
    }
}
