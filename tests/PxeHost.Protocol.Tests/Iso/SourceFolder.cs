using System.Diagnostics;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>
/// A folder of files a test fills and then masters into a real image with xorriso (its mkisofs
/// emulation), the tool distributions build their install media with.
/// </summary>
internal sealed class SourceFolder : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pxh-iso-").FullName;

    public SourceFolder()
    {
        Root = Path.Combine(_work, "tree");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file (folders made as needed) and returns its bytes.</summary>
    public byte[] File(string path, byte[] content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return content;
    }

    /// <summary>A file of <paramref name="length"/> bytes that differ from those of other files.</summary>
    public byte[] File(string path, int length) => File(path, Content(path, length));

    public void Folder(string path) => Directory.CreateDirectory(Path.Combine(Root, path));

    public void Link(string path, string target) => System.IO.File.CreateSymbolicLink(Path.Combine(Root, path), target);

    public void Mode(string path, UnixFileMode mode) => System.IO.File.SetUnixFileMode(Path.Combine(Root, path), mode);

    /// <summary>Masters the folder with `xorriso -as mkisofs OPTIONS -o IMAGE TREE` and returns the image's path.</summary>
    public string Master(params string[] options)
    {
        var image = Path.Combine(_work, $"image-{Guid.NewGuid():N}.iso");
        var start = new ProcessStartInfo("xorriso") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var argument in (string[])["-as", "mkisofs", .. options, "-o", image, Root])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start xorriso");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"xorriso {string.Join(' ', start.ArgumentList)} failed: {stdout.Result}{stderr}");
        }

        return image;
    }

    /// <summary>Masters the folder and returns the image's bytes.</summary>
    public byte[] MasterBytes(params string[] options) => System.IO.File.ReadAllBytes(Master(options));

    public static byte[] Content(string seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed.Aggregate(17, (h, c) => (h * 31) + c)).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
