using System.CommandLine;
using PxeHost.Lab;
using PxeHost.Timeline;
using Spectre.Console;

namespace PxeHost.Cli.Demo;

/// <summary>
/// <c>pxehost demo</c>: PxeHost boots three virtual machines — BIOS and UEFI at once, then UEFI HTTP
/// Boot — in a private lab it makes (a network namespace with a bridge and taps, private addresses that
/// exist only there), shows each boot as it happens, prints each machine's timeline, and cleans up.
/// Exit 0 only when every machine booted.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Where the payload (Debian's kernel and a one-line initrd) is kept between runs.</summary>
    private const string PayloadCache = "/var/cache/pxehost/demo";

    private static readonly TimeSpan VerdictWait = TimeSpan.FromSeconds(10);

    private static readonly Option<bool> NoUi = new("--no-ui") { Description = "Print plain lines instead of the live screen (for scripts and CI)." };
    private static readonly Option<bool> Keep = new("--keep") { Description = "Leave the lab serving after the boots, until Ctrl-C, and print how to reach it." };

    public static Command Create()
    {
        var command = new Command("demo", "Boot three virtual machines (BIOS, UEFI, UEFI HTTP Boot) from PxeHost in a private lab it makes and removes: no hardware, no configuration. Needs root; installs what it lacks with apt-get.")
        {
            NoUi, Keep,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = Console.Out;
        if (!await DemoPrerequisites.EnsureAsync(output, cancellationToken).ConfigureAwait(false))
        {
            return 1;
        }

        await output.WriteLineAsync("pxehost demo: the payload: Debian's kernel (fetched with apt-get download on first use) and an initrd that prints one line and powers off").ConfigureAwait(false);
        foreach (var folder in new[] { Path.GetDirectoryName(PayloadCache)!, PayloadCache })
        {
            // The server reads the payload as nobody, whatever the umask.
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        var payload = await LabPayload.LoadOrBuildAsync(PayloadCache, cancellationToken).ConfigureAwait(false);
        DemoMachine[] machines =
        [
            new("BIOS", Firmware.BiosIpxe, "SeaBIOS, PXELINUX; kernel over TFTP"),
            new("UEFI", Firmware.UefiPxe, "OVMF's PXE, iPXE; kernel over HTTP"),
            new("UEFI HTTP Boot", Firmware.UefiHttpBoot, "OVMF's HTTP Boot; all over HTTP"),
        ];
        try
        {
            await using var lab = await BootLab.CreateAsync().ConfigureAwait(false);
            var run = new DemoRun(lab, payload, TimeProvider.System);
            await run.StartServerAsync(machines).ConfigureAwait(false);
            await output.WriteLineAsync($"pxehost demo: lab {lab.Namespace}: bridge br0 {lab.Subnet}; PxeHost at {lab.ServerAddress} serves {run.PlanPath} ({payload.KernelPackage})").ConfigureAwait(false);
            await BootAllAsync(run, machines, plain: parse.GetValue(NoUi) || Console.IsOutputRedirected, cancellationToken).ConfigureAwait(false);
            var judged = await PrintTimelinesAsync(run, machines, output, cancellationToken).ConfigureAwait(false);
            var ok = machines.All(m => m.Booted is not null) && judged;
            if (!ok)
            {
                await output.WriteLineAsync("pxehost demo: the server's last lines:\n" + string.Join('\n', run.ServerLines.TakeLast(40))).ConfigureAwait(false);
            }

            if (parse.GetValue(Keep))
            {
                await KeepServingAsync(lab, run, machines, output, cancellationToken).ConfigureAwait(false);
            }

            await run.StopServerAsync().ConfigureAwait(false);
            await output.WriteLineAsync(ok ? "pxehost demo: every machine booted; the lab is removed." : "pxehost demo: not every machine booted; the lab is removed.").ConfigureAwait(false);
            return ok ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("pxehost demo: stopped; the lab is removed (machines and server stopped, namespace deleted).").ConfigureAwait(false);
            return 130;
        }
    }

    /// <summary>BIOS and UEFI at the same time, then UEFI HTTP Boot.</summary>
    private static async Task BootAllAsync(DemoRun run, DemoMachine[] machines, bool plain, CancellationToken cancellationToken)
    {
        DemoMachine[][] groups = [[machines[0], machines[1]], [machines[2]]];
        if (plain)
        {
            var lines = new DemoLines(Console.Out, TimeProvider.System);
            foreach (var group in groups)
            {
                await run.BootAsync(group, () => lines.Show(machines), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        const string title = "PxeHost demo: network boots in a private lab";
        await AnsiConsole.Live(DemoScreen.Render(machines, title)).StartAsync(async context =>
        {
            foreach (var group in groups)
            {
                await run.BootAsync(group, () => context.UpdateTarget(DemoScreen.Render(machines, title)), cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Each machine's timeline as <c>pxehost timeline</c> prints it. True when every machine that booted
    /// is judged "booted" from the server's events alone, as the console showed.
    /// </summary>
    private static async Task<bool> PrintTimelinesAsync(DemoRun run, DemoMachine[] machines, TextWriter output, CancellationToken cancellationToken)
    {
        var agreed = true;
        foreach (var machine in machines)
        {
            var boot = await JudgedBootAsync(run, machine, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"\n== {machine.Name} ({machine.MacText}): pxehost timeline {machine.MacText}").ConfigureAwait(false);
            if (boot is null)
            {
                await output.WriteLineAsync("no boot recorded: the server never heard from it").ConfigureAwait(false);
                agreed &= machine.Booted is null;
                continue;
            }

            foreach (var line in TimelineReport.Lines(TimelineReport.Report(boot, [boot.Number])))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (machine.Booted is not null && Verdicts.Judge(boot.Steps)[0].Kind != VerdictKind.Booted)
            {
                await output.WriteLineAsync("pxehost demo: the console shows this machine booted, but its timeline does not say so").ConfigureAwait(false);
                agreed = false;
            }

            if (machine.Failure is not null)
            {
                await output.WriteLineAsync($"pxehost demo: {machine.Name} did not boot: {machine.Failure}").ConfigureAwait(false);
            }
        }

        return agreed;
    }

    /// <summary>The machine's last boot, once its verdict is "booted" if it booted (the timeline is written a moment after the events).</summary>
    private static async Task<MachineBoot?> JudgedBootAsync(DemoRun run, DemoMachine machine, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + VerdictWait;
        while (true)
        {
            var boot = run.LastBoot(machine);
            if (machine.Booted is null || DateTimeOffset.UtcNow > deadline || (boot is not null && Verdicts.Judge(boot.Steps)[0].Kind == VerdictKind.Booted))
            {
                return boot;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task KeepServingAsync(BootLab lab, DemoRun run, DemoMachine[] machines, TextWriter output, CancellationToken cancellationToken)
    {
        var cli = File.Exists(Path.Combine(Environment.CurrentDirectory, "pxehost")) ? "./pxehost" : "pxehost";
        await output.WriteLineAsync($"""

            pxehost demo: the lab keeps serving until Ctrl-C (then it is removed).
              the server:     {lab.ServerAddress} on bridge br0 in network namespace {lab.Namespace} (plan: {run.PlanPath})
              its machines:   {cli} machines --data-dir {run.DataDirectory}
              one timeline:   {cli} timeline {machines[0].MacText} --data-dir {run.DataDirectory}
              its web server: ip netns exec {lab.Namespace} curl http://{lab.ServerAddress}/boot/{machines[1].MacText.Replace(':', '-')}.ipxe
              a shell there:  ip netns exec {lab.Namespace} bash
            """).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how a kept lab ends: the caller removes it.
        }
    }
}
