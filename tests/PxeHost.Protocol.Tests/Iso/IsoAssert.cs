using PxeHost.Protocol.Iso;

namespace PxeHost.Protocol.Tests.Iso;

internal static class IsoAssert
{
    /// <summary>Every regular file under <paramref name="root"/> is found in the image by its path and reads back byte for byte.</summary>
    public static int EveryFileMatches(IsoVolume volume, string root, Func<string, string>? spell = null)
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            if (new FileInfo(file).LinkTarget is not null)
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var entry = volume.Find(spell?.Invoke(relative) ?? relative);
            Assert.True(entry is not null, $"{relative} is not in the image");
            Assert.Equal(IsoEntryType.File, entry.Type);
            Assert.Equal(File.ReadAllBytes(file), ReadAll(volume, entry));
            count++;
        }

        return count;
    }

    public static byte[] ReadAll(IsoVolume volume, IsoEntry entry)
    {
        var bytes = new byte[entry.Length];
        Assert.Equal(bytes.Length, volume.Read(entry, 0, bytes));
        return bytes;
    }

    /// <summary>Every path in the tree, depth first, directories with a trailing '/'.</summary>
    public static List<string> Paths(IsoEntry directory)
    {
        var paths = new List<string>();
        foreach (var child in directory.Children)
        {
            paths.Add(child.IsDirectory ? child.Path + "/" : child.Path);
            if (child.IsDirectory)
            {
                paths.AddRange(Paths(child));
            }
        }

        return paths;
    }

    public static IsoVolume Open(byte[] image, IsoLimits? limits = null) => IsoVolume.Open(new MemoryIsoMedium(image), limits);

    public static IsoFormatException Refused(byte[] image, IsoLimits? limits = null) =>
        Assert.Throws<IsoFormatException>(() => IsoVolume.Open(new MemoryIsoMedium(image), limits));
}
