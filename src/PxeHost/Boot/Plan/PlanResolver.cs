using System.Globalization;
using PxeHost.Configuration;

namespace PxeHost.Boot.Plan;

/// <summary>
/// Turns the configured plan into what one client boots: finds its machine entry (by MAC, then
/// UUID) or the default, picks its loader, expands a menu into entries, and resolves every file
/// reference and command-line variable for that loader and client. Pure: the same inputs give the
/// same <see cref="ClientPlan"/>, which is what <c>pxehost explain</c> relies on.
/// </summary>
public static class PlanResolver
{
    /// <summary>Where files named by absolute paths in profiles are published: <c>files/{profile}/{name}</c>.</summary>
    public const string PublishedPrefix = "files";

    /// <summary>syslinux's memdisk, served from the system (syslinux-common) when the root lacks it.</summary>
    public const string Memdisk = "memdisk";

    /// <param name="plan">The configured plan.</param>
    /// <param name="client">The client as its DHCP request describes it.</param>
    /// <param name="context">Server address, HTTP port, the client's address and host name.</param>
    /// <param name="loader">The loader the client is known to run (say, PXELINUX asking for its config); null: the plan's.</param>
    public static ClientPlan? Resolve(BootPlanSet plan, BootClient client, ResolveContext context, BootLoader? loader = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var machine = plan.Find(client.Mac, client.Uuid);
        var bootName = machine?.Boot ?? plan.DefaultBoot;
        if (bootName is null)
        {
            return null;
        }

        var chosenLoader = loader ?? machine?.Loader ?? plan.DefaultLoader;
        var hostname = machine?.Hostname ?? context.Hostname ?? string.Empty;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["server"] = context.Server.ToString(),
            ["http"] = HttpBase(context).TrimEnd('/'),
            ["mac"] = Storage.MacAddressText.Format(client.Mac),
            ["ip"] = context.ClientAddress?.ToString() ?? string.Empty,
            ["hostname"] = hostname,
        };

        if (context.BootedOnce && machine?.Once == true)
        {
            var local = new ResolvedEntry("local", "Boot from local disk (booted once already)", ProfileKind.LocalDisk);
            return new ClientPlan { Loader = chosenLoader, Title = "PxeHost", Entries = [local], DefaultEntry = local.Id, Timeout = TimeSpan.Zero, SerialPort = plan.SerialPort, IsUefi = client.IsUefi };
        }

        var menu = plan.Menus.GetValueOrDefault(bootName);
        var profiles = menu is null ? [plan.Profiles[bootName]] : menu.Entries.Select(name => plan.Profiles[name]).ToList();
        var leftOut = new List<string>();
        var offered = profiles.Where(p => Offered(p, chosenLoader, client.IsUefi, leftOut)).ToList();
        var entries = offered.Select(p => Entry(p, chosenLoader, client, context, variables)).ToList();
        if (entries.Count == 0)
        {
            entries.Add(new ResolvedEntry("local", "Boot from local disk (nothing planned boots here)", ProfileKind.LocalDisk));
        }

        var deflt = menu?.Default is { } named && entries.Any(e => e.Id == named) ? named : entries[0].Id;
        return new ClientPlan
        {
            Loader = chosenLoader,
            Title = menu?.Title ?? profiles[0].Title,
            Entries = entries,
            DefaultEntry = deflt,
            Timeout = menu is null ? TimeSpan.Zero : menu.Timeout,
            SerialPort = plan.SerialPort,
            IsUefi = client.IsUefi,
            LeftOut = leftOut,
        };
    }

    /// <summary>
    /// Whether this loader on this firmware can boot the profile; when not, why, in <paramref name="leftOut"/>.
    /// An image's entry may be for one firmware only; a whole image needs iPXE (sanboot) or PXELINUX on
    /// BIOS (memdisk): GRUB has neither, and memdisk is a BIOS program.
    /// </summary>
    private static bool Offered(BootProfile profile, BootLoader loader, bool isUefi, List<string> leftOut)
    {
        var firmware = isUefi ? Iso.IsoFirmware.Uefi : Iso.IsoFirmware.Bios;
        var reason = !profile.Firmware.HasFlag(firmware) ? $"offered to {(isUefi ? "BIOS" : "UEFI")} only"
            : profile.Kind != ProfileKind.WholeImage ? null
            : loader == BootLoader.Grub ? "GRUB cannot boot a whole image (iPXE sanboot or PXELINUX memdisk can)"
            : loader == BootLoader.Pxelinux && isUefi ? "memdisk boots whole images on BIOS only"
            : null;
        if (reason is not null)
        {
            leftOut.Add($"{profile.Title}: {reason}");
        }

        return reason is null;
    }

    /// <summary>
    /// The paths (relative to the served tree) a machine fetches its kernel from when it boots what the
    /// plan gives it — every entry of its menu, or its profile. Kernels named by URL are fetched from
    /// elsewhere and are not in the set.
    /// </summary>
    public static IReadOnlySet<string> KernelPaths(BootPlanSet plan, string bootName)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var names = plan.Menus.TryGetValue(bootName ?? string.Empty, out var menu) ? menu.Entries : [bootName ?? string.Empty];
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var profile in names.Select(n => plan.Profiles.GetValueOrDefault(n)).OfType<BootProfile>())
        {
            var kernels = profile.Kind switch
            {
                ProfileKind.Linux when profile.Kernel is not null => [profile.Kernel],
                ProfileKind.Memtest => ["memtest86+x64.bin", "memtest86+x64.efi"],
                ProfileKind.WholeImage when profile.Image is not null => [profile.Image],
                _ => Array.Empty<string>(),
            };
            foreach (var kernel in kernels.Where(k => !k.Contains("://", StringComparison.Ordinal)))
            {
                paths.Add(Path.IsPathRooted(kernel) ? Published(profile, kernel) : kernel.TrimStart('/'));
            }
        }

        return paths;
    }

    /// <summary>Files profiles name by absolute path, published as <c>files/{profile}/{file name}</c> → path.</summary>
    public static IReadOnlyDictionary<string, string> PublishedFiles(BootPlanSet plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var profile in plan.Profiles.Values)
        {
            foreach (var file in new[] { profile.Kernel }.Concat(profile.Initrds).OfType<string>().Where(Path.IsPathRooted))
            {
                files[Published(profile, file)] = file;
            }
        }

        return files;
    }

    private static ResolvedEntry Entry(BootProfile profile, BootLoader loader, BootClient client, ResolveContext context, Dictionary<string, string> variables)
    {
        var entry = new ResolvedEntry(profile.Name, profile.Title, profile.Kind);
        switch (profile.Kind)
        {
            case ProfileKind.Linux:
                var initrds = profile.Initrds.Select(i => Fetch(profile, i, loader, context)).ToList();
                return entry with
                {
                    Kernel = Fetch(profile, profile.Kernel!, loader, context),
                    Initrds = initrds,
                    InitrdNames = profile.Initrds.Select(i => Path.GetFileName(i.TrimEnd('/'))).ToList(),
                    CommandLine = Expand(profile.CommandLine, variables),
                };
            case ProfileKind.Memtest:
                var memtest = client.IsUefi ? "memtest86+x64.efi" : "memtest86+x64.bin";
                return entry with { Kernel = Fetch(profile, memtest, loader, context), CommandLine = Expand(profile.CommandLine, variables) };
            case ProfileKind.Chain:
                return entry with { ChainTarget = Fetch(profile, profile.ChainTarget!, loader, context) };
            case ProfileKind.WholeImage when loader == BootLoader.Pxelinux:
                // syslinux's memdisk loads the image into RAM and hooks INT 13h: "iso" says it is an El Torito CD,
                // "raw" copies it with plain BIOS calls (memdisk docs, the usual line for ISOs).
                return new ResolvedEntry(profile.Name, profile.Title, ProfileKind.Linux)
                {
                    Kernel = Fetch(profile, Memdisk, loader, context),
                    Initrds = [Fetch(profile, profile.Image!, loader, context)],
                    InitrdNames = [Path.GetFileName(profile.Image!)],
                    CommandLine = "iso raw",
                };
            case ProfileKind.WholeImage:
                return entry with { Kernel = Fetch(profile, profile.Image!, loader, context) };
            default:
                return entry;
        }
    }

    /// <summary>A file reference as this loader fetches it: iPXE over HTTP, PXELINUX and GRUB by TFTP path; URLs stay URLs.</summary>
    private static string Fetch(BootProfile profile, string reference, BootLoader loader, ResolveContext context)
    {
        if (reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return reference;
        }

        var path = Path.IsPathRooted(reference) ? Published(profile, reference) : reference.TrimStart('/');
        return loader == BootLoader.Ipxe ? HttpBase(context) + path : "/" + path;
    }

    /// <summary>Where a kernel or initrd the profile names by path is served: its published name, or its path under the root.</summary>
    public static string ServedPath(string profile, string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Path.IsPathRooted(reference) ? $"{PublishedPrefix}/{profile}/{Path.GetFileName(reference)}" : reference.TrimStart('/');
    }

    private static string Published(BootProfile profile, string file) => $"{PublishedPrefix}/{profile.Name}/{Path.GetFileName(file)}";

    private static string HttpBase(ResolveContext context) =>
        context.HttpPort == 80 ? $"http://{context.Server}/" : string.Create(CultureInfo.InvariantCulture, $"http://{context.Server}:{context.HttpPort}/");

    /// <summary>Replaces <c>${name}</c> with the client's values; unknown names stay as they are (iPXE has its own).</summary>
    private static string Expand(string text, Dictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            text = text.Replace("${" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }
}
