using System.Diagnostics;
using PxeHost.Iso;

namespace PxeHost.Tests.Http.Api;

/// <summary>
/// A library of real images for the API and the page, read by the real readers: "good.iso" (made by
/// xorriso, volume label GOODIMAGE) whose isolinux.cfg has one good entry with a hostile menu title and
/// one naming a kernel the image does not hold (a problem); and "broken.iso", bytes no reader takes (refused).
/// </summary>
internal sealed class ServedImages : IDisposable
{
    /// <summary>A menu title an image's author may write: isolinux takes any text.</summary>
    public const string HostileTitle = "<script>alert(1)</script> & Live";

    private readonly string _work = Directory.CreateTempSubdirectory("pxh-apiimages-").FullName;

    public ServedImages()
    {
        var tree = Directory.CreateDirectory(Path.Combine(_work, "tree")).FullName;
        Directory.CreateDirectory(Path.Combine(tree, "isolinux"));
        Directory.CreateDirectory(Path.Combine(tree, "boot"));
        File.WriteAllBytes(Path.Combine(tree, "boot", "vmlinuz"), new byte[4096]);
        File.WriteAllBytes(Path.Combine(tree, "boot", "initrd.img"), new byte[8192]);
        File.WriteAllText(Path.Combine(tree, "isolinux", "isolinux.cfg"), $"""
            DEFAULT good
            LABEL good
              MENU LABEL {HostileTitle}
              KERNEL /boot/vmlinuz
              APPEND initrd=/boot/initrd.img console=ttyS0
            LABEL gone
              KERNEL /boot/vmlinuz-old
              APPEND console=ttyS0
            """);
        Source = Path.Combine(_work, "good.iso");
        Run("xorriso", "-as", "mkisofs", "-quiet", "-o", Source, "-R", "-V", "GOODIMAGE", tree);

        var data = Path.Combine(_work, "data");
        Catalog = new IsoCatalog(IsoReaders.Library(data));
        Assert.NotNull(Catalog.Library.Add(Source, "good", null, null, CancellationToken.None, out var problem));
        Assert.Null(problem);
        File.WriteAllBytes(Path.Combine(Catalog.Library.Folder, "broken" + IsoName.Extension), new byte[4096]);
        Catalog.Refresh();
    }

    /// <summary>The ISO file the library's "good" links to.</summary>
    public string Source { get; }

    public IsoCatalog Catalog { get; }

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
