using System.Runtime.CompilerServices;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Render;

namespace PxeHost.Tests.Boot.Render;

/// <summary>
/// Every golden plan rendered by every loader, compared byte for byte with Golden/CASE.ipxe,
/// CASE.pxelinux.cfg and CASE.grub.cfg (copied next to the test assembly).
/// To change the expected text on purpose, run the tests with PXEHOST_UPDATE_GOLDEN=1: each test then
/// writes what it rendered to the golden file in the source tree instead of comparing, and the change
/// is reviewed as a diff before it is committed.
/// </summary>
public sealed class RenderGoldenTests
{
    public static TheoryData<string, BootLoader> Cases()
    {
        var data = new TheoryData<string, BootLoader>();
        foreach (var name in GoldenPlans.Cases)
        {
            foreach (var loader in GoldenPlans.Loaders)
            {
                data.Add(name, loader);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rendered_text_is_the_golden_file_byte_for_byte(string name, BootLoader loader)
    {
        var plan = GoldenPlans.For(name, loader);
        var rendered = Render(plan);
        var file = name + GoldenPlans.Extension(loader);
        if (Environment.GetEnvironmentVariable("PXEHOST_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceGoldenDirectory(), file), rendered);
            return;
        }

        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Boot", "Render", "Golden", file));
        Assert.Equal(golden, rendered);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_is_deterministic_and_has_unix_line_ends(string name, BootLoader loader)
    {
        var first = Render(GoldenPlans.For(name, loader));
        Assert.Equal(first, Render(GoldenPlans.For(name, loader)));
        Assert.DoesNotContain('\r', first);
        Assert.EndsWith("\n", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_golden_file_belongs_to_a_case()
    {
        var expected = GoldenPlans.Cases.SelectMany(c => GoldenPlans.Loaders.Select(l => c + GoldenPlans.Extension(l))).Order(StringComparer.Ordinal);
        var present = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Boot", "Render", "Golden")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, present);
    }

    public static string Render(ClientPlan plan) => plan.Loader switch
    {
        BootLoader.Ipxe => IpxeRenderer.Render(plan),
        BootLoader.Pxelinux => PxelinuxRenderer.Render(plan),
        _ => GrubRenderer.Render(plan),
    };

    private static string SourceGoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");
}
