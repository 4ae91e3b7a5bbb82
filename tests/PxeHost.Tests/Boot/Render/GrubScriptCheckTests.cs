using PxeHost.Boot.Plan;
using PxeHost.Boot.Render;

namespace PxeHost.Tests.Boot.Render;

/// <summary>
/// The GRUB golden files through GRUB's own parser, grub-script-check from Debian's grub-common
/// (2.06, the GRUB Debian 12 netboots), which exits non-zero on a syntax error.
/// </summary>
public sealed class GrubScriptCheckTests
{
    public static TheoryData<string> GoldenGrubFiles() => [.. GoldenPlans.Cases.Select(c => c + GoldenPlans.Extension(BootLoader.Grub))];

    [Theory]
    [MemberData(nameof(GoldenGrubFiles))]
    public async Task Golden_grub_cfg_parses(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Boot", "Render", "Golden", file);
        var result = await ChildProgram.RunAsync("grub-script-check", [path]);
        Assert.True(result.ExitCode == 0, $"grub-script-check {file} exited {result.ExitCode}: {result.Output}");
    }

    [Fact]
    public async Task Command_line_with_shell_characters_parses_only_because_it_is_quoted()
    {
        var plan = new ClientPlan
        {
            Loader = BootLoader.Grub,
            Title = "t",
            DefaultEntry = "a",
            Timeout = TimeSpan.Zero,
            Entries = [new ResolvedEntry("a", "A; {b} | c", ProfileKind.Linux) { Kernel = "k", CommandLine = "x=1&y=2 z=$HOME;w <q> {r}" }],
        };
        var rendered = GrubRenderer.Render(plan);
        var quotedWords = "'x=1&y=2' 'z=$HOME;w' '<q>' '{r}'";
        Assert.Contains("linux /k " + quotedWords + "\n", rendered, StringComparison.Ordinal);

        Assert.Equal(0, (await CheckAsync(rendered)).ExitCode);
        var unquoted = rendered.Replace(quotedWords, "x=1&y=2 z=$HOME;w <q> {r}", StringComparison.Ordinal);
        Assert.NotEqual(0, (await CheckAsync(unquoted)).ExitCode);
    }

    private static async Task<ChildProgram.Result> CheckAsync(string config)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pxehost-grub-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(path, config);
        try
        {
            return await ChildProgram.RunAsync("grub-script-check", [path]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
