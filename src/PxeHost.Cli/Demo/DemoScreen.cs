using PxeHost.Lab;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PxeHost.Cli.Demo;

/// <summary>
/// The demo on a terminal: a live table, one row per machine — how it boots, the stage it is in among
/// DHCP → boot file → loader → config → kernel → initrd → running, a progress bar for the file being
/// sent, and the time each stage took.
/// </summary>
internal static class DemoScreen
{
    public static IRenderable Render(IReadOnlyList<DemoMachine> machines, string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title))
            .AddColumn("Machine").AddColumn("Stage").AddColumn("Now").AddColumn("Stages took");
        foreach (var machine in machines)
        {
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(machine.Name)}[/]\n[grey]{Markup.Escape(machine.MacText)}\n{Markup.Escape(machine.Path)}[/]"),
                new Markup(Chain(machine)),
                Now(machine),
                new Markup(Markup.Escape(DemoText.Times(machine.Progress).Replace(" · ", "\n", StringComparison.Ordinal))));
        }

        return table;
    }

    /// <summary>DHCP → boot file → … with the stages done in green, the current one in yellow (red when it failed).</summary>
    private static string Chain(DemoMachine machine)
    {
        if (machine.Vm is null)
        {
            return "[grey]waiting for its turn[/]";
        }

        var current = machine.Booted is not null ? (BootStage)int.MaxValue : machine.Progress.Current;
        var words = Enum.GetValues<BootStage>().Select(stage =>
        {
            var word = Markup.Escape(DemoText.Stage(stage));
            return stage < current ? $"[green]{word}[/]"
                : stage == current ? machine.Failure is null ? $"[bold yellow]{word}[/]" : $"[bold red]{word}[/]"
                : $"[grey]{word}[/]";
        });
        return string.Join(" → ", words) + (machine.Booted is not null ? " [bold green]booted[/]" : string.Empty);
    }

    private static IRenderable Now(DemoMachine machine)
    {
        if (machine.Booted is not null)
        {
            return new Markup($"[green]{Markup.Escape(machine.ConsoleLine ?? string.Empty)}[/]");
        }

        if (machine.Failure is not null)
        {
            return new Markup($"[red]{Markup.Escape(machine.Failure.Split('\n')[0])}[/]");
        }

        if (machine.Progress.Transfer is not { } transfer)
        {
            return new Markup(machine.Progress.Address is { } address ? $"address {Markup.Escape(address)}" : string.Empty);
        }

        var text = new Markup(Markup.Escape(DemoText.Transfer(transfer)));
        return transfer.Fraction is { } fraction
            ? new Rows(text, new BreakdownChart().Width(30).HideTags().AddItem("sent", fraction * 100, Color.Green).AddItem("left", (1 - fraction) * 100, Color.Grey))
            : text;
    }
}
