using System.Globalization;
using PxeHost.Boot.Plan;
using PxeHost.Iso;
using YamlDotNet.RepresentationModel;

namespace PxeHost.Configuration;

/// <summary>Profiles that name an entry of an image of the library: <c>iso: NAME</c>, <c>entry: N</c> or <c>entry: "title"</c>.</summary>
public static partial class ConfigLoader
{
    /// <summary>
    /// The profile an image's entry makes: kernel and initrds served from inside the image
    /// (<c>iso/NAME/…</c>), the command line the image gives with the network arguments and the
    /// profile's own <c>cmdline</c> after it; <c>${iso}</c> and <c>${image}</c> become URLs under <c>${http}</c>.
    /// </summary>
    private static BootProfile? ReadImageProfile(YamlNodes yaml, string name, Dictionary<string, YamlNode> map, Func<string, IsoImage?>? images)
    {
        var key = $"profiles.{name}";
        if (!map.TryGetValue("iso", out var isoNode))
        {
            yaml.Error(map["entry"], $"{key}.entry", "goes with iso: NAME (the image whose entry it is)");
            return null;
        }

        if (yaml.String(map, "iso", key) is not { } imageName)
        {
            return null;
        }

        var image = images?.Invoke(imageName);
        if (image is null || image.Refusal is not null)
        {
            yaml.Error(isoNode, $"{key}.iso", image?.Refusal is { } refused ? $"image '{imageName}' is refused: {refused}"
                : images is null ? $"no image named '{imageName}': no image library is known here"
                : $"no image named '{imageName}' (pxehost iso list shows the images; pxehost iso add imports one)");
            return null;
        }

        if (ChooseEntry(yaml, key, map, image) is not { } entry)
        {
            return null;
        }

        return IsoProfiles.Profile(image, entry, name, yaml.String(map, "title", key), yaml.String(map, "cmdline", key));
    }

    /// <summary>The entry <c>entry:</c> names — a number from 1, or a title (exact, then ignoring case) — or the first when it names none.</summary>
    private static IsoBootEntry? ChooseEntry(YamlNodes yaml, string key, Dictionary<string, YamlNode> map, IsoImage image)
    {
        var where = map.TryGetValue("entry", out var entryNode) ? entryNode : map["iso"];
        if (image.Entries.Count == 0)
        {
            yaml.Error(where, $"{key}.entry", $"image '{image.Name}' has no boot entry");
            return null;
        }

        var wanted = yaml.String(map, "entry", key);
        if (wanted is null)
        {
            return image.Entries[0];
        }

        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number >= 1 && number <= image.Entries.Count)
            {
                return image.Entries[number - 1];
            }

            yaml.Error(where, $"{key}.entry", $"image '{image.Name}' has {image.Entries.Count} entries (1-{image.Entries.Count}), not {number}");
            return null;
        }

        var titled = image.Entries.Where(e => e.Title == wanted).ToList();
        titled = titled.Count > 0 ? titled : [.. image.Entries.Where(e => string.Equals(e.Title, wanted, StringComparison.OrdinalIgnoreCase))];
        if (titled.Count == 1)
        {
            return titled[0];
        }

        yaml.Error(where, $"{key}.entry", titled.Count == 0
            ? $"image '{image.Name}' has no entry titled \"{wanted}\" (its entries: {string.Join(", ", image.Entries.Select(e => $"\"{e.Title}\""))})"
            : $"image '{image.Name}' has {titled.Count} entries titled \"{wanted}\": give its number instead");
        return null;
    }
}
