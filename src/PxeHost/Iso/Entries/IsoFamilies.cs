using System.Text.RegularExpressions;

namespace PxeHost.Iso.Entries;

/// <summary>
/// Recognises how an entry's system finds its root once the kernel runs, and says what to add to its
/// command line so that it fetches it over HTTP from inside the image instead of from a CD. The
/// words the added ones replace (root=live:CDLABEL=…, inst.stage2=hd:…, archisolabel=…) are removed,
/// and so are words that only make sense for an image loop-mounted from a disk (findiso=,
/// iso-scan/filename=, img_loop=, img_dev=), so that grub.cfg and loopback.cfg entries merge.
/// </summary>
internal sealed partial class IsoFamilies(ConfigReading reading, long imageLength)
{
    private static readonly string[] LoopWords = ["findiso", "iso-scan/filename", "img_loop", "img_dev"];

    /// <summary>
    /// The word by which an entry already fetches its root from a network server of its own (Arch's
    /// PXE menu: archiso_http_srv=http://${pxeserver}/), or null. Such an entry is left out: the
    /// server it names is not PxeHost.
    /// </summary>
    public static string? NetworkServerWord(FoundEntry entry) =>
        KernelArguments.Split(entry.Arguments).FirstOrDefault(w =>
            KernelArguments.NameOf(w) is "archiso_http_srv" or "archiso_nfs_srv" or "archiso_nbd_srv" or "nfsroot" or "fetch" or "url" or "httpfs"
            || w.StartsWith("root=live:http", StringComparison.Ordinal) || w.StartsWith("root=nfs", StringComparison.Ordinal)
            || w.StartsWith("inst.stage2=http", StringComparison.Ordinal));

    public FamilyPlan Plan(FoundEntry entry, LinuxKernelHeader? header)
    {
        var words = KernelArguments.Split(entry.Arguments).Where(w => !LoopWords.Contains(KernelArguments.NameOf(w))).ToList();
        if (IsMemtest(entry.Kernel, header))
        {
            return new FamilyPlan("memtest", words, string.Empty, "the kernel alone (memtest86+)", 0)
            {
                Note = "memtest86+ 6 is loaded as a Linux kernel (PXELINUX `linux`, not `kernel`); console=ttyS0,115200 gives a serial console",
            };
        }

        return words switch
        {
            _ when words.Contains("boot=live") => DebianLive(words),
            _ when words.Contains("boot=casper") || entry.Kernel.StartsWith("casper/", StringComparison.OrdinalIgnoreCase) => UbuntuCasper(words),
            _ when words.Any(w => w.StartsWith("root=live:", StringComparison.Ordinal)) => DracutLive(words),
            _ when words.Any(IsStage2Word) => FedoraInstaller(words),
            _ when words.Any(w => KernelArguments.NameOf(w) is "archisobasedir" or "archisolabel" or "archisodevice" or "archisosearchuuid") => Arch(words),
            _ when IsDebianInstaller(entry) => DebianInstaller(entry, words),
            _ => new FamilyPlan("plain", words, string.Empty, entry.Initrds.Count > 0 ? "all in the initrd" : "the kernel alone", 0),
        };
    }

    // live-boot(7): "fetch=URL: another form of netboot by downloading a squashfs image from a given
    // url, copying to ram and booting it". The image is found under live-media-path (default "live").
    private FamilyPlan DebianLive(List<string> words)
    {
        var folder = KernelArguments.ValueOf(words, "live-media-path")?.Trim('/') ?? "live";
        var squashfs = FirstFile(folder, "filesystem.squashfs", ".squashfs");
        return squashfs is null
            ? new FamilyPlan("debian-live", words, string.Empty, "root not found (no squashfs)", 0) { Note = $"no squashfs under {folder}/ in the image" }
            : new FamilyPlan("debian-live", words, $"fetch=${{iso}}/{squashfs.Path}", "squashfs into RAM over HTTP (fetch=)", squashfs.Length);
    }

    // Ubuntu 20.04 and later name no boot=casper (the initrd's own configuration sets BOOT=casper),
    // so a kernel under casper/ counts too.
    // casper(7) since 1.445 (Ubuntu 20.04): "url=" names an ISO that the initrd downloads and
    // loop-mounts as its medium; the Ubuntu Server netboot guide pairs it with ip=dhcp ("the ramdisk
    // downloads the ISO and mounts it as a loop device"), so the whole image lands in RAM.
    private FamilyPlan UbuntuCasper(List<string> words) =>
        new("ubuntu-casper", words, Join("url=${image}", IpDhcp(words)), "whole image into RAM over HTTP (url=)", imageLength);

    // dracut.cmdline(7): "root=live:<url> Boots a live image retrieved from <url>" (http, https, ftp,
    // tftp; the livenet module downloads it into RAM, dmsquash-live mounts it); the network must be
    // asked for with rd.neednet=1 and ip=. The image is <rd.live.dir>/<rd.live.squashimg>, by default
    // LiveOS/squashfs.img.
    private FamilyPlan DracutLive(List<string> words)
    {
        var folder = KernelArguments.ValueOf(words, "rd.live.dir")?.Trim('/') ?? "LiveOS";
        var name = KernelArguments.ValueOf(words, "rd.live.squashimg") ?? "squashfs.img";
        var kept = words.Where(w => !w.StartsWith("root=live:", StringComparison.Ordinal) && w != "rd.live.check").ToList();
        var image = FirstFile(folder, name, ".img");
        if (image is null)
        {
            return new FamilyPlan("dracut-live", words, string.Empty, "root not found (no live image)", 0) { Note = $"no {folder}/{name} in the image" };
        }

        return new FamilyPlan("dracut-live", kept, Join($"root=live:${{iso}}/{image.Path}", "rd.neednet=1", IpDhcp(kept)), "squashfs into RAM over HTTP (root=live:)", image.Length)
        {
            Note = "the initrd must hold dracut's livenet module (dmsquash-live alone reads only local media)",
        };
    }

    // Anaconda boot options: "inst.stage2= specifies the location of the installation program runtime
    // image to be loaded ... [http,https,ftp]://<host>/<path>" — a tree with .treeinfo, from which
    // images/install.img is fetched into RAM; inst.repo= takes the same URL forms for packages.
    private FamilyPlan FedoraInstaller(List<string> words)
    {
        var repoRemoved = words.Any(w => IsLocalRepo(w));
        var kept = words.Where(w => !IsStage2Word(w) && !IsLocalRepo(w) && w != "rd.live.check").ToList();
        var installImage = reading.FindFile("images/install.img");
        var added = Join("inst.stage2=${iso}", repoRemoved ? "inst.repo=${iso}" : string.Empty, IpDhcp(kept));
        return new FamilyPlan("fedora-installer", kept, added, "installer image over HTTP (inst.stage2=)", installImage?.Length ?? 0)
        {
            Note = installImage is null ? "no images/install.img in the image" : string.Empty,
        };
    }

    // archiso's hooks/archiso_pxe_http: with ip= and archiso_http_srv= set, the initrd downloads
    // ${archiso_http_srv}${archisobasedir}/<arch>/airootfs.sfs ("booting with http is always
    // copy-to-ram"); archisobasedir defaults to "arch". archisolabel/archisodevice/archisosearchuuid
    // name the CD and are removed.
    private FamilyPlan Arch(List<string> words)
    {
        var kept = words.Where(w => KernelArguments.NameOf(w) is not ("archisolabel" or "archisodevice" or "archisosearchuuid" or "archisosearchfilename" or "img_label")).ToList();
        var basedir = KernelArguments.ValueOf(kept, "archisobasedir")?.Trim('/') ?? "arch";
        var roots = RootImages(basedir);
        return new FamilyPlan("arch", kept, Join("archiso_http_srv=${iso}/", IpDhcp(kept)), "root image into RAM over HTTP (archiso_http_srv=)", roots.Sum(r => r.Length))
        {
            Note = roots.Count == 0 ? $"no airootfs image under {basedir}/ in the image" : string.Empty,
        };
    }

    private static FamilyPlan DebianInstaller(FoundEntry entry, List<string> words) =>
        new("debian-installer", words, string.Empty, "all in the initrd", 0)
        {
            // A CD's installer (install.*/) looks for its installation medium after the initrd starts;
            // the netboot one (debian-installer/<arch>/) needs nothing but a mirror.
            Note = CdInstaller().IsMatch(entry.Kernel) ? "the CD's installer looks for its installation medium; booted over the network it may ask for a mirror instead" : string.Empty,
        };

    private static bool IsMemtest(string kernel, LinuxKernelHeader? header)
    {
        var name = kernel[(kernel.LastIndexOf('/') + 1)..];
        return name.StartsWith("memtest", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("mt86", StringComparison.OrdinalIgnoreCase)
            || (header?.Version.StartsWith("Memtest86", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    private static bool IsDebianInstaller(FoundEntry entry) =>
        (CdInstaller().IsMatch(entry.Kernel) || entry.Kernel.Contains("debian-installer/", StringComparison.OrdinalIgnoreCase))
        && entry.Initrds.Any(i => i.EndsWith("initrd.gz", StringComparison.OrdinalIgnoreCase));

    private static bool IsStage2Word(string word) =>
        KernelArguments.NameOf(word) is "inst.stage2" or "stage2"
        && !word.Contains("://", StringComparison.Ordinal);

    private static bool IsLocalRepo(string word) =>
        KernelArguments.NameOf(word) is "inst.repo" or "repo"
        && !word.Contains("://", StringComparison.Ordinal);

    private static string IpDhcp(List<string> words) =>
        words.Any(w => KernelArguments.NameOf(w) == "ip") ? string.Empty : "ip=dhcp";

    private static string Join(params string[] words) => string.Join(' ', words.Where(w => w.Length > 0));

    /// <summary>The file <paramref name="name"/> in <paramref name="folder"/>, else its first file ending in <paramref name="extension"/>.</summary>
    private ImageNode? FirstFile(string folder, string name, string extension)
    {
        if (reading.FindFile($"{folder}/{name}") is { } exact)
        {
            return exact;
        }

        return reading.FindDirectory(folder) is { } directory
            ? reading.List(directory).FirstOrDefault(n => !n.IsDirectory && n.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            : null;
    }

    // The root image of the x86_64 folder (what PXE clients here run), else of the first folder.
    private List<ImageNode> RootImages(string basedir)
    {
        if (reading.FindDirectory(basedir) is not { } directory)
        {
            return [];
        }

        var folders = reading.List(directory).Where(n => n.IsDirectory).ToList();
        var folder = folders.FirstOrDefault(f => f.Name.Equals("x86_64", StringComparison.OrdinalIgnoreCase)) ?? folders.FirstOrDefault();
        return folder is null
            ? []
            : reading.List(folder)
                .Where(n => !n.IsDirectory && n.Name.StartsWith("airootfs.", StringComparison.OrdinalIgnoreCase)
                    && (n.Name.EndsWith(".sfs", StringComparison.OrdinalIgnoreCase) || n.Name.EndsWith(".erofs", StringComparison.OrdinalIgnoreCase)))
                .ToList();
    }

    [GeneratedRegex("(^|/)install(\\.[^/]+)?/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CdInstaller();
}
