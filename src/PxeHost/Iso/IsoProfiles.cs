using PxeHost.Boot.Plan;
using PxeHost.Configuration;

namespace PxeHost.Iso;

/// <summary>
/// An image's entries as profiles of a plan: those a plan names (<c>iso: NAME</c>) and the menu a
/// server without a plan offers unknown machines (every entry of every image, the first booting when
/// the menu times out).
/// </summary>
public static class IsoProfiles
{
    /// <summary>The name of the menu of every image's entries.</summary>
    public const string MenuName = "images";

    /// <summary>
    /// The profile <paramref name="entry"/> of <paramref name="image"/> makes: kernel and initrds served
    /// from inside the image (<c>iso/NAME/…</c>); the command line the image gives, the network
    /// arguments and <paramref name="extraCommandLine"/> after them, with <c>${iso}</c> and
    /// <c>${image}</c> turned into URLs under <c>${http}</c> (filled per client when rendering).
    /// </summary>
    public static BootProfile Profile(IsoImage image, IsoBootEntry entry, string name, string? title = null, string? extraCommandLine = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(entry);
        var folder = IsoFileSource.FolderOf(image.Name);
        var commandLine = string.Join(' ', new[] { entry.Arguments, entry.NetworkArguments, extraCommandLine ?? string.Empty }.Select(p => p.Trim()).Where(p => p.Length > 0))
            .Replace("${iso}", "${http}/" + folder, StringComparison.Ordinal)
            .Replace("${image}", "${http}/" + IsoFileSource.WholeImageOf(image.Name), StringComparison.Ordinal);
        return new BootProfile
        {
            Name = name,
            Title = title ?? entry.Title,
            Kind = entry.Kind == IsoEntryKind.WholeImage ? ProfileKind.WholeImage : ProfileKind.Linux,
            Kernel = entry.Kernel is { } kernel ? $"{folder}/{kernel.TrimStart('/')}" : null,
            Initrds = [.. entry.Initrds.Select(i => $"{folder}/{i.TrimStart('/')}")],
            CommandLine = commandLine,
            Image = IsoFileSource.WholeImageOf(image.Name),
            Firmware = entry.Firmware,
        };
    }

    /// <summary>
    /// The plan of a server without one: a menu of every entry of every image that is not refused,
    /// titled "NAME: title", booting the first after <paramref name="timeout"/>, through iPXE (what a
    /// server without a plan hands out). Empty (no default) when there is no entry: the command line's
    /// boot files decide then.
    /// </summary>
    public static BootPlanSet Menu(IReadOnlyList<IsoImage> images, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var profiles = new Dictionary<string, BootProfile>(StringComparer.Ordinal);
        foreach (var image in images.Where(i => i.Refusal is null))
        {
            for (var i = 0; i < image.Entries.Count; i++)
            {
                var id = UniqueId(profiles, image.Name, i + 1);
                profiles[id] = Profile(image, image.Entries[i], id, $"{image.Name}: {image.Entries[i].Title}");
            }
        }

        if (profiles.Count == 0)
        {
            return BootPlanSet.Empty;
        }

        var menu = new BootMenu { Name = MenuName, Title = "PxeHost: images", Entries = [.. profiles.Keys], Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        return BootPlanSet.Empty with { Profiles = profiles, Menus = new Dictionary<string, BootMenu> { [MenuName] = menu }, DefaultBoot = MenuName };
    }

    /// <summary>An entry id (a letter, then letters, digits, '-', '_'): "iso-NAME-N", unsafe characters as '_', unique.</summary>
    private static string UniqueId(Dictionary<string, BootProfile> taken, string name, int number)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        var id = $"iso-{safe}-{number}";
        for (var again = 2; taken.ContainsKey(id); again++)
        {
            id = $"iso-{safe}-{number}-{again}";
        }

        return id;
    }
}
