using PxeHost.Boot.Plan;

namespace PxeHost.Tests.Boot.Render;

/// <summary>
/// Representative plans, one per golden case, built for each loader the way the planner resolves
/// files: iPXE fetches http URLs from the server (10.99.0.1, HTTP on 8080), PXELINUX TFTP paths
/// relative to its directory, GRUB either (the menus use HTTP for the installer, TFTP for memtest).
/// The client is 52:54:00:12:34:56, machine lab-01.
/// </summary>
public static class GoldenPlans
{
    public const string Http = "http://10.99.0.1:8080";

    public static readonly string[] Cases = ["single-linux", "seed-menu-bios", "seed-menu-uefi", "two-initrds", "chain", "resolved-variables"];

    public static readonly BootLoader[] Loaders = [BootLoader.Ipxe, BootLoader.Pxelinux, BootLoader.Grub];

    public static ClientPlan For(string name, BootLoader loader) => name switch
    {
        "single-linux" => SingleLinux(loader),
        "seed-menu-bios" => SeedMenu(loader, isUefi: false),
        "seed-menu-uefi" => SeedMenu(loader, isUefi: true),
        "two-initrds" => TwoInitrds(loader),
        "chain" => Chain(loader),
        "resolved-variables" => ResolvedVariables(loader),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such golden case"),
    };

    public static string Extension(BootLoader loader) => loader switch
    {
        BootLoader.Ipxe => ".ipxe",
        BootLoader.Pxelinux => ".pxelinux.cfg",
        _ => ".grub.cfg",
    };

    /// <summary>The machine has one profile: the planner gives it a zero timeout and no menu.</summary>
    private static ClientPlan SingleLinux(BootLoader loader) => new()
    {
        Loader = loader,
        Title = "Debian 12 installer",
        Client = "52:54:00:12:34:56 (lab-01)",
        Entries =
        [
            new ResolvedEntry("debian", "Debian 12 installer", ProfileKind.Linux)
            {
                Kernel = File(loader, "debian/linux", viaHttpOnGrub: false),
                Initrds = [File(loader, "debian/initrd.gz", viaHttpOnGrub: false)],
                InitrdNames = ["initrd.gz"],
                CommandLine = "auto=true priority=critical",
            },
        ],
        DefaultEntry = "debian",
        Timeout = TimeSpan.Zero,
    };

    /// <summary>seed-003: install, memtest and local disk, 10 s to the installer, serial console on ttyS0.</summary>
    private static ClientPlan SeedMenu(BootLoader loader, bool isUefi) => new()
    {
        Loader = loader,
        Title = "PxeHost lab",
        Client = "52:54:00:12:34:56 (lab-01)",
        IsUefi = isUefi,
        SerialPort = 0,
        Timeout = TimeSpan.FromSeconds(10),
        DefaultEntry = "install",
        Entries =
        [
            new ResolvedEntry("install", "Install Debian 12", ProfileKind.Linux)
            {
                Kernel = File(loader, "debian/linux", viaHttpOnGrub: true),
                Initrds = [File(loader, "debian/initrd.gz", viaHttpOnGrub: true)],
                InitrdNames = ["initrd.gz"],
                CommandLine = "console=ttyS0,115200n8 auto=true priority=critical",
            },
            new ResolvedEntry("memtest", "Memory test (memtest86+)", ProfileKind.Memtest)
            {
                Kernel = File(loader, isUefi ? "memtest86+x64.efi" : "memtest86+x64.bin", viaHttpOnGrub: false),
            },
            new ResolvedEntry("local", "Boot from local disk", ProfileKind.LocalDisk),
        ],
    };

    /// <summary>UEFI, so the initrd names matter: the kernel's EFI stub loads them by name from iPXE.</summary>
    private static ClientPlan TwoInitrds(BootLoader loader) => new()
    {
        Loader = loader,
        Title = "Debian 12 installer with firmware",
        Client = "52:54:00:12:34:56 (lab-01)",
        IsUefi = true,
        Timeout = TimeSpan.Zero,
        DefaultEntry = "debian-firmware",
        Entries =
        [
            new ResolvedEntry("debian-firmware", "Debian 12 installer with firmware", ProfileKind.Linux)
            {
                Kernel = File(loader, "debian/linux", viaHttpOnGrub: true),
                Initrds = [File(loader, "debian/initrd.gz", viaHttpOnGrub: true), File(loader, "firmware/firmware.cpio.gz", viaHttpOnGrub: true)],
                InitrdNames = ["initrd.gz", "firmware.cpio.gz"],
                CommandLine = "quiet",
            },
        ],
    };

    /// <summary>A rescue kernel with nothing else, and a chain entry as the default; the menu waits forever.</summary>
    private static ClientPlan Chain(BootLoader loader) => new()
    {
        Loader = loader,
        Title = "Rescue",
        Client = "52:54:00:12:34:56 (lab-01)",
        Timeout = null,
        DefaultEntry = "other-server",
        Entries =
        [
            new ResolvedEntry("rescue", "Rescue kernel", ProfileKind.Linux)
            {
                Kernel = File(loader, "rescue/vmlinuz", viaHttpOnGrub: false),
            },
            new ResolvedEntry("other-server", "Chain to the other boot server", ProfileKind.Chain)
            {
                ChainTarget = loader switch
                {
                    BootLoader.Ipxe => Http + "/scripts/other.ipxe",
                    BootLoader.Pxelinux => "other/pxelinux.0",
                    _ => "undionly.kpxe",
                },
            },
        ],
    };

    /// <summary>
    /// ${server}, ${http}, ${mac}, ${ip} and ${hostname} already filled in by the planner, a title with
    /// quotes, a dollar and a literal ${…}, a quoted kernel parameter; 5.5 s to round per loader.
    /// </summary>
    private static ClientPlan ResolvedVariables(BootLoader loader) => new()
    {
        Loader = loader,
        Title = "lab-01 at 10.99.0.50",
        Client = "52:54:00:12:34:56 (lab-01)",
        IsUefi = true,
        Timeout = TimeSpan.FromMilliseconds(5500),
        DefaultEntry = "preseed",
        Entries =
        [
            new ResolvedEntry("preseed", "Install \"lab-01\" ($5 plan, ${not-a-variable})", ProfileKind.Linux)
            {
                Kernel = File(loader, "debian/linux", viaHttpOnGrub: true),
                Initrds = [File(loader, "debian/initrd.gz", viaHttpOnGrub: true)],
                InitrdNames = ["initrd.gz"],
                CommandLine = "url=http://10.99.0.1:8080/preseed/lab-01.cfg?mac=52:54:00:12:34:56&ip=10.99.0.50 "
                    + "hostname=lab-01 netcfg/choose_interface=52:54:00:12:34:56 late_command=\"in-target true\" ---",
            },
            new ResolvedEntry("local", "Boot from local disk", ProfileKind.LocalDisk),
        ],
    };

    private static string File(BootLoader loader, string path, bool viaHttpOnGrub) => loader switch
    {
        BootLoader.Ipxe => $"{Http}/files/{path}",
        BootLoader.Grub when viaHttpOnGrub => $"{Http}/files/{path}",
        _ => path,
    };
}
