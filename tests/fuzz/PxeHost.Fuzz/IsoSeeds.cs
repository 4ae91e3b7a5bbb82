using System.Diagnostics;

namespace PxeHost.Fuzz;

/// <summary>
/// Small real images for the "iso" target, mastered by xorriso from a tree made here: Rock Ridge with
/// a long name (continuation areas), a link and deep folders relocated under RR_MOVED, Joliet, and El
/// Torito with isolinux and an EFI image.
/// </summary>
public static class IsoSeeds
{
    public static IReadOnlyList<byte[]> Build()
    {
        var work = Directory.CreateTempSubdirectory("pxehost-fuzz-iso-").FullName;
        try
        {
            var tree = Path.Combine(work, "tree");
            Write(tree, "isolinux/isolinux.bin", 2048);
            Write(tree, "boot/efi.img", 4096);
            Write(tree, "live/" + new string('l', 150) + ".squashfs", 300);
            Write(tree, "a/b/c/d/e/f/g/h/i/deep.txt", 10);
            File.CreateSymbolicLink(Path.Combine(tree, "boot", "live"), "../live");
            string[][] variants =
            [
                ["-R", "-J", "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-eltorito-alt-boot", "-e", "boot/efi.img", "-no-emul-boot"],
                ["--norock", "-J"],
                ["-R", "-rr_reloc_dir", "RR_MOVED"],
            ];
            return [.. variants.Select((options, i) => Master(tree, Path.Combine(work, $"{i}.iso"), options))];
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Write(string tree, string path, int length)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(full, bytes);
    }

    private static byte[] Master(string tree, string image, string[] options)
    {
        var start = new ProcessStartInfo("xorriso") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tree };
        foreach (var argument in (string[])["-as", "mkisofs", "-no-pad", .. options, "-o", image, tree])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start xorriso");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? File.ReadAllBytes(image)
            : throw new InvalidOperationException($"xorriso failed: {stdout.Result}{stderr}");
    }
}
