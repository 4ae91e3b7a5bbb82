using System.Globalization;
using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>
/// Images for the library's tests, real files on disk: each "image" NAME.iso is a file of random bytes
/// (what is linked, hashed and served whole), read as a tree through the folder NAME.tree beside the
/// file it leads to (<see cref="FolderTree"/>). A file without such a folder cannot be opened: the
/// opener throws, as the ISO reader does for a corrupt image. The entry finder reads the tree's own
/// boot/entries.cfg — blocks of "title", "kernel", "initrd", "append", "network", "firmware", "whole"
/// lines — as the real finder reads isolinux.cfg. Both count their calls.
/// </summary>
internal sealed class TestImages : IDisposable
{
    private int _opens;
    private int _finds;

    public TestImages()
    {
        Root = Directory.CreateTempSubdirectory("pxh-iso-").FullName;
        Directory.CreateDirectory(Sources);
        Directory.CreateDirectory(Data);
    }

    public string Root { get; }

    /// <summary>Where the admin keeps images (what iso add links to).</summary>
    public string Sources => Path.Combine(Root, "images");

    public string Data => Path.Combine(Root, "data");

    public string Folder => Path.Combine(Data, IsoLibrary.FolderName);

    public int Opens => _opens;

    public int Finds => _finds;

    public IsoLibrary Library() => LibraryAt(Data);

    /// <summary>The library of another data folder, read with these images' opener and finder.</summary>
    public IsoLibrary LibraryAt(string data) => new(data, Open, Find);

    /// <summary>An image file NAME.iso in <paramref name="folder"/> (default: the sources) with its tree and boot/entries.cfg.</summary>
    public string Make(string name, string entries, int length = 300_000, string? folder = null, int seed = 1)
    {
        folder ??= Sources;
        Directory.CreateDirectory(folder);
        var tree = Path.Combine(folder, name + ".tree");
        Directory.CreateDirectory(Path.Combine(tree, "boot"));
        Directory.CreateDirectory(Path.Combine(tree, "live"));
        File.WriteAllText(Path.Combine(tree, "boot", "entries.cfg"), entries);
        File.WriteAllBytes(Path.Combine(tree, "live", "vmlinuz"), Bytes(50_000, seed + 1));
        File.WriteAllBytes(Path.Combine(tree, "live", "initrd.img"), Bytes(120_000, seed + 2));
        var image = Path.Combine(folder, name + IsoName.Extension);
        File.WriteAllBytes(image, Bytes(length, seed));
        return image;
    }

    /// <summary>A file NAME.iso with no tree: the opener refuses it.</summary>
    public static string MakeCorrupt(string name, string folder)
    {
        Directory.CreateDirectory(folder);
        var image = Path.Combine(folder, name + IsoName.Extension);
        File.WriteAllBytes(image, Bytes(4096, 9));
        return image;
    }

    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public const string LiveEntries = """
        title Live system
        kernel /live/vmlinuz
        initrd /live/initrd.img
        append boot=live quiet
        network fetch=${iso}/live/filesystem.squashfs
        firmware bios,uefi

        title Live system (BIOS safe mode)
        kernel /live/vmlinuz
        initrd /live/initrd.img
        append boot=live nomodeset
        firmware bios

        title Whole image
        whole
        """;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private FolderTree Open(string path)
    {
        Interlocked.Increment(ref _opens);
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        return new FolderTree(Path.ChangeExtension(target, ".tree"));
    }

    /// <summary>The entries of boot/entries.cfg, in order.</summary>
    private List<IsoBootEntry> Find(IImageTree tree, long length)
    {
        Interlocked.Increment(ref _finds);
        var config = tree.Find("boot/entries.cfg") ?? throw new InvalidDataException("no boot/entries.cfg");
        using var file = tree.Open(config);
        using var reader = new StreamReader(file.OpenStream());
        var entries = new List<IsoBootEntry>();
        IsoBootEntry? entry = null;
        var line = 0;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            var parts = text.Trim().Split(' ', 2);
            var value = parts.Length > 1 ? parts[1] : string.Empty;
            entry = parts[0] switch
            {
                "title" => Add(entries, entry, new IsoBootEntry { Title = value, Origin = string.Create(CultureInfo.InvariantCulture, $"boot/entries.cfg:{line}") }),
                "kernel" => entry! with { Kernel = value },
                "initrd" => entry! with { Initrds = [.. entry.Initrds, value] },
                "append" => entry! with { Arguments = value },
                "network" => entry! with { NetworkArguments = value, Family = "debian-live", Method = "squashfs over HTTP (fetch=)", RamBytes = 2L * length },
                "firmware" => entry! with { Firmware = value.Split(',').Aggregate(IsoFirmware.None, (f, w) => f | (w == "bios" ? IsoFirmware.Bios : IsoFirmware.Uefi)) },
                "whole" => entry! with { Kind = IsoEntryKind.WholeImage, Method = "the whole image", Note = "BIOS: memdisk; iPXE: sanboot", RamBytes = length },
                _ => entry,
            };
        }

        Add(entries, entry, null);
        return entries;
    }

    private static IsoBootEntry? Add(List<IsoBootEntry> entries, IsoBootEntry? done, IsoBootEntry? next)
    {
        if (done is not null)
        {
            entries.Add(done);
        }

        return next;
    }
}
