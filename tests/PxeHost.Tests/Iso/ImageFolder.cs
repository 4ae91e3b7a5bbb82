using System.Diagnostics;
using PxeHost.Iso;
using PxeHost.Iso.Entries;

namespace PxeHost.Tests.Iso;

/// <summary>
/// A real folder laid out as an image's tree, read through <see cref="FolderTree"/>: fixture files
/// written by the test, or a real ISO's files extracted with xorriso.
/// </summary>
internal sealed class ImageFolder : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pxh-isoentries-").FullName;

    public ImageFolder(string label = "IMAGE")
    {
        Root = Path.Combine(_temp, label);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The files of a real ISO, extracted by xorriso (nothing of ours reads the ISO here).</summary>
    public static ImageFolder Extract(string iso, string label)
    {
        var folder = new ImageFolder(label);
        Directory.Delete(folder.Root);
        var start = new ProcessStartInfo("xorriso") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-osirrox", "on", "-indev", iso, "-extract", "/", folder.Root })
        {
            start.ArgumentList.Add(argument);
        }

        using var xorriso = Process.Start(start)!;
        var errors = xorriso.StandardError.ReadToEndAsync();
        xorriso.StandardOutput.ReadToEnd();
        xorriso.WaitForExit();
        Assert.True(xorriso.ExitCode == 0, $"xorriso failed: {errors.Result}");
        return folder;
    }

    public ImageFolder Text(string path, string text)
    {
        var full = Full(path);
        File.WriteAllText(full, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        return this;
    }

    /// <summary>A dummy file of <paramref name="bytes"/> zero bytes (kernels and initrds the finder only measures).</summary>
    public ImageFolder Bytes(string path, int bytes)
    {
        File.WriteAllBytes(Full(path), new byte[bytes]);
        return this;
    }

    public ImageFolder Copy(string path, string from)
    {
        File.Copy(from, Full(path));
        return this;
    }

    public IsoEntryScan Scan(long imageLength = 700L << 20, IsoEntryLimits? limits = null)
    {
        using var tree = new FolderTree(Root);
        return new IsoEntryFinder(limits).Scan(tree, imageLength);
    }

    public void Dispose()
    {
        // xorriso restores the image's read-only modes; make the folders writable to delete them.
        foreach (var directory in Directory.EnumerateDirectories(_temp, "*", SearchOption.AllDirectories).Prepend(_temp))
        {
            File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.Delete(_temp, recursive: true);
    }

    private string Full(string path)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
