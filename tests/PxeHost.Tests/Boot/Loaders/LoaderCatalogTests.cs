using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Boot;
using PxeHost.Boot.Loaders;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Render;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Boot.Loaders;

/// <summary>
/// The loader catalog against the tables it replaced: the planner's first stage per loader and
/// architecture, the system files in their order with Debian's paths, and iPXE detection.
/// </summary>
public sealed class LoaderCatalogTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("52-54-00-12-34-56");

    [Fact]
    public void Served_names_are_unique_per_firmware()
    {
        foreach (var firmware in Kinds().GroupBy(k => k.Firmware))
        {
            var names = firmware.Select(k => k.Name).ToArray();
            Assert.Equal(names.Distinct(StringComparer.Ordinal).Count(), names.Length);
        }

        // A name is one file everywhere: the system file list keeps the first of equal names.
        var files = Kinds().Where(k => k.SystemPath is not null).Select(k => (k.Name, Path: k.SystemPath!))
            .Concat(Kinds().SelectMany(k => k.Companions).Select(c => (c.Name, c.Path)));
        Assert.All(files.GroupBy(f => f.Name), same => Assert.Single(same.Select(f => f.Path).Distinct()));
    }

    [Fact]
    public void LoaderFile_answers_the_old_table_for_every_loader_and_architecture()
    {
        var expected = new Dictionary<(BootLoader, ClientArchitecture), string>
        {
            [(BootLoader.Ipxe, ClientArchitecture.IntelX86Bios)] = "undionly.kpxe",
            [(BootLoader.Ipxe, ClientArchitecture.EfiBc)] = "snponly.efi",
            [(BootLoader.Ipxe, ClientArchitecture.EfiX64)] = "snponly.efi",
            [(BootLoader.Ipxe, ClientArchitecture.EfiX64Http)] = "snponly.efi",
            [(BootLoader.Pxelinux, ClientArchitecture.IntelX86Bios)] = "pxelinux.0",
            [(BootLoader.Pxelinux, ClientArchitecture.EfiBc)] = "efi64/syslinux.efi",
            [(BootLoader.Pxelinux, ClientArchitecture.EfiX64)] = "efi64/syslinux.efi",
            [(BootLoader.Pxelinux, ClientArchitecture.EfiX64Http)] = "efi64/syslinux.efi",
            [(BootLoader.Grub, ClientArchitecture.IntelX86Bios)] = "grub/i386-pc/core.0",
            [(BootLoader.Grub, ClientArchitecture.EfiBc)] = "grub/x86_64-efi/core.efi",
            [(BootLoader.Grub, ClientArchitecture.EfiX64)] = "grub/x86_64-efi/core.efi",
            [(BootLoader.Grub, ClientArchitecture.EfiX64Http)] = "grub/x86_64-efi/core.efi",
        };

        var wrong = new List<string>();
        foreach (var loader in Enum.GetValues<BootLoader>())
        {
            foreach (var architecture in Enum.GetValues<ClientArchitecture>().Append((ClientArchitecture)200))
            {
                var answer = LoaderCatalog.NetworkBootProgram(loader, architecture)?.Name;
                if (answer != expected.GetValueOrDefault((loader, architecture)))
                {
                    wrong.Add($"{loader} {architecture}: {answer ?? "null"}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void Http_boot_firmware_gets_the_same_programs_as_pxe_firmware_of_its_cpu()
    {
        foreach (var loader in Enum.GetValues<BootLoader>())
        {
            Assert.Equal(LoaderCatalog.Of(loader, ClientArchitecture.EfiX64), LoaderCatalog.Of(loader, ClientArchitecture.EfiX64Http));
            Assert.Equal(LoaderCatalog.Of(loader, ClientArchitecture.EfiArm64), LoaderCatalog.Of(loader, ClientArchitecture.EfiArm64Http));
        }

        Assert.Equal(["grub/arm64-efi/core.efi"], LoaderCatalog.Of(BootLoader.Grub, ClientArchitecture.EfiArm64Http).Select(k => k.Name));
        Assert.Equal(["undionly.kpxe", "ipxe.pxe"], LoaderCatalog.Of(BootLoader.Ipxe, ClientArchitecture.IntelX86Bios).Select(k => k.Name));
    }

    [Fact]
    public void Every_ipxe_binary_is_recognised_in_any_folder_and_case()
    {
        var ipxe = Kinds().Where(k => k.IsIpxe).Select(k => k.Name).ToArray();
        Assert.Equal(["undionly.kpxe", "ipxe.pxe", "snponly.efi", "ipxe.efi"], ipxe);

        // iPXE's own build targets, which no package ships, loop just the same.
        foreach (var name in ipxe.Concat(["snp.efi", "undionly.kkpxe", "ipxe.kkkpxe", "ipxe.lkrn", "ipxe.usb"]))
        {
            Assert.True(LoaderCatalog.IsIpxeBinary(name), name);
            Assert.True(LoaderCatalog.IsIpxeBinary("tftp/ipxe/" + name.ToUpperInvariant()), name);
        }
    }

    [Fact]
    public void Pxelinux_grub_and_payload_files_are_not_ipxe()
    {
        var others = Kinds().Where(k => !k.IsIpxe).Select(k => k.Name)
            .Concat(LoaderCatalog.SystemFiles.Where(f => f.Package != "ipxe").Select(f => f.Name))
            .Concat(["grubx64.efi", "shimx64.efi", "bootx64.efi", "ipxe.cfg", string.Empty])
            .ToArray();
        Assert.Contains("efi64/ldlinux.e64", others);
        Assert.All(others, name => Assert.False(LoaderCatalog.IsIpxeBinary(name), name));
        Assert.False(LoaderCatalog.IsIpxeBinary(null!));
    }

    [Fact]
    public void Discover_lists_the_system_files_in_their_order_with_debian_paths_and_packages()
    {
        (string Name, string Path, string Package)[] expected =
        [
            ("undionly.kpxe", "/usr/lib/ipxe/undionly.kpxe", "ipxe"),
            ("ipxe.pxe", "/usr/lib/ipxe/ipxe.pxe", "ipxe"),
            ("snponly.efi", "/usr/lib/ipxe/snponly.efi", "ipxe"),
            ("ipxe.efi", "/usr/lib/ipxe/ipxe.efi", "ipxe"),
            ("pxelinux.0", "/usr/lib/PXELINUX/pxelinux.0", "pxelinux"),
            ("lpxelinux.0", "/usr/lib/PXELINUX/lpxelinux.0", "pxelinux"),
            ("ldlinux.c32", "/usr/lib/syslinux/modules/bios/ldlinux.c32", "syslinux-common"),
            ("menu.c32", "/usr/lib/syslinux/modules/bios/menu.c32", "syslinux-common"),
            ("vesamenu.c32", "/usr/lib/syslinux/modules/bios/vesamenu.c32", "syslinux-common"),
            ("libutil.c32", "/usr/lib/syslinux/modules/bios/libutil.c32", "syslinux-common"),
            ("libcom32.c32", "/usr/lib/syslinux/modules/bios/libcom32.c32", "syslinux-common"),
            ("chain.c32", "/usr/lib/syslinux/modules/bios/chain.c32", "syslinux-common"),
            ("reboot.c32", "/usr/lib/syslinux/modules/bios/reboot.c32", "syslinux-common"),
            ("memdisk", "/usr/lib/syslinux/memdisk", "syslinux-common"),
            ("efi64/syslinux.efi", "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", "syslinux-efi"),
            ("efi64/ldlinux.e64", "/usr/lib/syslinux/modules/efi64/ldlinux.e64", "syslinux-common"),
            ("efi64/menu.c32", "/usr/lib/syslinux/modules/efi64/menu.c32", "syslinux-common"),
            ("efi64/libutil.c32", "/usr/lib/syslinux/modules/efi64/libutil.c32", "syslinux-common"),
            ("efi64/libcom32.c32", "/usr/lib/syslinux/modules/efi64/libcom32.c32", "syslinux-common"),
            ("memtest86+x64.bin", "/boot/memtest86+x64.bin", "memtest86+"),
            ("memtest86+x64.efi", "/boot/memtest86+x64.efi", "memtest86+"),
        ];

        var found = SystemBootloaders.Discover(path => path.Contains("syslinux", StringComparison.Ordinal));
        Assert.Equal(expected.Select(e => (e.Name, e.Package)), found.Select(b => (b.Name, b.Package)));
        Assert.Equal(expected.Select(e => e.Path.Contains("syslinux", StringComparison.Ordinal) ? e.Path : null), found.Select(b => b.Path));
        Assert.Equal(
            expected.Where(e => e.Path.Contains("syslinux", StringComparison.Ordinal)).ToDictionary(e => e.Name, e => e.Path),
            SystemBootloaders.FoundFiles(found));
    }

    [Fact]
    public async Task The_system_paths_of_installed_packages_exist_and_belong_to_them()
    {
        var packages = LoaderCatalog.SystemFiles.Select(f => f.Package).Distinct().ToArray();

        // dpkg-query exits 1 when a package is unknown to it, and still prints the others.
        var status = await ChildProgram.RunAsync("dpkg-query", ["-W", "-f=${Package} ${db:Status-Status}\n", .. packages]);
        var installed = status.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')).Where(f => f is [_, "installed"]).Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(
            LoaderCatalog.SystemFiles.Where(f => installed.Contains(f.Package)),
            f => Assert.True(File.Exists(f.Path), $"{f.Path} of installed {f.Package} is missing"));

        // Whatever is here came from the package the catalog names (the one "apt-get install" is told to fetch).
        var present = LoaderCatalog.SystemFiles.Where(f => File.Exists(f.Path)).ToArray();
        if (present.Length == 0)
        {
            return;
        }

        var owners = await ChildProgram.RunAsync("dpkg-query", ["-S", .. present.Select(f => f.Path)]);
        Assert.All(present, f => Assert.Contains($"{f.Package}: {f.Path}\n", owners.Stdout, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_loader_asks_for_the_configuration_names_the_renderers_answer()
    {
        var ip = IPAddress.Parse("192.168.1.100");
        var byMac = Kinds().Where(k => k.ConfigNames is not null).ToDictionary(k => k.Name, k => k.ConfigLookups(Mac, ip, null)[0]);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["pxelinux.0"] = "pxelinux.cfg/01-52-54-00-12-34-56",
                ["lpxelinux.0"] = "pxelinux.cfg/01-52-54-00-12-34-56",
                ["efi64/syslinux.efi"] = "efi64/pxelinux.cfg/01-52-54-00-12-34-56",
                ["grub/i386-pc/core.0"] = "grub/grub.cfg-01-52-54-00-12-34-56",
                ["grub/x86_64-efi/core.efi"] = "grub/grub.cfg-01-52-54-00-12-34-56",
                ["grub/arm64-efi/core.efi"] = "grub/grub.cfg-01-52-54-00-12-34-56",
            },
            byMac);

        foreach (var kind in Kinds())
        {
            var lookups = kind.ConfigLookups(Mac, ip, null);
            switch (kind.Loader)
            {
                case BootLoader.Pxelinux:
                    Assert.All(lookups, name => Assert.True(PxelinuxConfigNames.TryParse(name, out var request) && request.Directory == kind.ConfigDirectory, name));
                    break;
                case BootLoader.Grub:
                    Assert.All(lookups, name => Assert.True(GrubConfigNames.TryParse(name, out var request) && request.Directory == kind.ConfigDirectory, name));
                    break;
                default:
                    // iPXE is handed its script's URL in the DHCP reply; a payload reads nothing.
                    Assert.Empty(lookups);
                    break;
            }
        }
    }

    private static IEnumerable<LoaderKind> Kinds() => LoaderCatalog.Kinds;
}
