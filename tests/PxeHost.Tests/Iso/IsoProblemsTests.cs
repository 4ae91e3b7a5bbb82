using System.Diagnostics;
using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>
/// What an image's own menus get wrong reaches the admin: a real image (xorriso) whose isolinux.cfg names
/// a kernel it does not hold keeps its good entry, and `iso list` shows the problem with file and line.
/// </summary>
public sealed class IsoProblemsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pxh-isoproblems-").FullName;

    [Fact]
    public void An_entry_naming_a_missing_kernel_is_listed_as_a_problem_beside_the_good_entry()
    {
        var tree = Directory.CreateDirectory(Path.Combine(_work, "tree")).FullName;
        Directory.CreateDirectory(Path.Combine(tree, "isolinux"));
        Directory.CreateDirectory(Path.Combine(tree, "boot"));
        File.WriteAllBytes(Path.Combine(tree, "boot", "vmlinuz"), new byte[4096]);
        File.WriteAllText(Path.Combine(tree, "isolinux", "isolinux.cfg"), """
            DEFAULT good
            LABEL good
              KERNEL /boot/vmlinuz
              APPEND console=ttyS0
            LABEL gone
              KERNEL /boot/vmlinuz-old
              APPEND console=ttyS0
            """);
        var iso = Path.Combine(_work, "image.iso");
        Run("xorriso", "-as", "mkisofs", "-quiet", "-o", iso, "-R", "-V", "PROBLEMS", tree);

        var library = IsoReaders.Library(Path.Combine(_work, "data"));
        var image = library.Add(iso, "problems", null, null, CancellationToken.None, out var problem);

        Assert.Null(problem);
        Assert.NotNull(image);
        Assert.Equal(["good"], image.Entries.Select(e => e.Title));
        var lines = IsoListing.Lines(image).ToList();
        Assert.Contains(lines, l => l.StartsWith("  problem: isolinux/isolinux.cfg:", StringComparison.Ordinal) && l.Contains("boot/vmlinuz-old", StringComparison.Ordinal));

        // The problems are kept in the cached index: a second look (as a restart) lists them without rescanning.
        var again = IsoReaders.Library(Path.Combine(_work, "data")).Scan().Single();
        Assert.Equal(image.Problems, again.Problems);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {errors.Result}");
    }
}
