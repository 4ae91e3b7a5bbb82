using System.Globalization;
using System.Text.RegularExpressions;
using PxeHost.E2E.Tests.Boot;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// <c>pxehost demo</c> beyond its full run (CI runs <c>./pxehost demo --no-ui</c> from a fresh clone):
/// without root it says what it needs and touches nothing; Ctrl-C while its machines boot stops them
/// and removes the lab.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed partial class DemoTests
{
    [Fact]
    public async Task Without_root_the_demo_says_what_it_needs_and_makes_nothing()
    {
        var run = await ChildProgram.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
            "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", "dotnet", "exec", PxeHostProcess.CliPath, "demo", "--no-ui"], TimeSpan.FromMinutes(1));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pxehost demo needs root: it makes a private network namespace", run.Output, StringComparison.Ordinal);
        Assert.Contains("Run: sudo", run.Output, StringComparison.Ordinal);
        // It stopped before the payload and the lab (other tests make namespaces meanwhile, so their list proves nothing).
        Assert.DoesNotContain("pxehost demo: the payload", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("pxehost demo: lab ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_while_machines_boot_stops_them_and_removes_the_lab()
    {
        await using var demo = await PxeHostProcess.StartWithAsync(["env"], "pxehost demo: the payload", "demo", "--no-ui");
        // The first run builds the payload (downloads Debian's kernel package).
        await demo.WaitForLineAsync("pxehost demo: lab ", TimeSpan.FromMinutes(10));
        var lab = LabLine().Match(demo.Lines.First(l => l.StartsWith("pxehost demo: lab ", StringComparison.Ordinal)));
        Assert.True(lab.Success, string.Join('\n', demo.Lines));
        var (name, folder) = (lab.Groups["ns"].Value, lab.Groups["folder"].Value);

        // Both first machines are up (their first plain line), each a QEMU holding a file in the lab's folder.
        await demo.WaitForLineAsync("BIOS ", TimeSpan.FromMinutes(2));
        var machines = ProcessesUsing(folder);
        Assert.NotEmpty(machines);

        await ChildProgram.RunCheckedAsync("kill", "-INT", demo.ProcessId.ToString(CultureInfo.InvariantCulture));
        var exit = await demo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, exit);
        Assert.Contains(demo.Lines, l => l.Contains("pxehost demo: stopped; the lab is removed", StringComparison.Ordinal));
        Assert.DoesNotContain(name, (await ChildProgram.RunCheckedAsync("ip", "netns", "list")).Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), $"{folder} is still there");
        Assert.All(machines, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} of the lab is still running"));
    }

    /// <summary>Pids of the processes whose command line names something in <paramref name="folder"/> (QEMU: its serial log and firmware variables).</summary>
    private static List<int> ProcessesUsing(string folder)
    {
        var pids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(entry, "cmdline")).Contains(folder, StringComparison.Ordinal) && pid != Environment.ProcessId)
                    {
                        pids.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // Ended while we looked.
                }
            }
        }

        return pids;
    }

    [GeneratedRegex(@"^pxehost demo: lab (?<ns>\S+): .* serves (?<folder>/\S+)/pxehost\.yaml")]
    private static partial Regex LabLine();
}
