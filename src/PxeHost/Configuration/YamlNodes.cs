using System.Globalization;
using System.Net;
using YamlDotNet.RepresentationModel;

namespace PxeHost.Configuration;

/// <summary>Reads typed values out of YAML nodes, recording a <see cref="ConfigError"/> (file, line, key) for each misfit.</summary>
internal sealed class YamlNodes(string file, List<ConfigError> errors)
{
    public string File { get; } = file;

    public void Error(YamlNode node, string key, string message) => Error(Line(node), key, message);

    public void Error(int line, string key, string message) => errors.Add(new ConfigError(File, line, key, message));

    public static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>The mapping's entries by key; unknown keys are errors, so typos never pass silently.</summary>
    public Dictionary<string, YamlNode> Mapping(YamlNode node, string key, params string[] allowed)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            Error(node, key, "must be a mapping (key: value lines)");
            return result;
        }

        foreach (var (k, v) in mapping.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? string.Empty;
            var path = Join(key, name);
            if (allowed.Length > 0 && !allowed.Contains(name))
            {
                Error(k, path, $"unknown key (expected one of: {string.Join(", ", allowed)})");
                continue;
            }

            result[name] = v;
        }

        return result;
    }

    /// <summary>Entries of a mapping whose keys are names the user chooses (profiles, menus, groups).</summary>
    public IEnumerable<(string Name, YamlNode Node)> Named(YamlNode node, string key)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, key, "must be a mapping of names to definitions");
            yield break;
        }

        foreach (var (k, v) in mapping.Children)
        {
            yield return ((k as YamlScalarNode)?.Value ?? string.Empty, v);
        }
    }

    /// <summary>The key path of <paramref name="name"/> under <paramref name="key"/>; top-level keys (key "") stand alone.</summary>
    public static string Join(string key, string name) => key.Length == 0 ? name : $"{key}.{name}";

    public string? String(Dictionary<string, YamlNode> map, string name, string key)
    {
        if (!map.TryGetValue(name, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Error(node, Join(key, name), "must be a single value");
        return null;
    }

    public int? Int(Dictionary<string, YamlNode> map, string name, string key, int min, int max)
    {
        if (String(map, name, key) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(map[name], Join(key, name), $"'{text}' is not a whole number from {min} to {max}");
        return null;
    }

    public bool Bool(Dictionary<string, YamlNode> map, string name, string key)
    {
        if (String(map, name, key) is not { } text)
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(map[name], Join(key, name), $"'{text}' is not true or false");
        return false;
    }

    /// <summary>A list of scalars; a single scalar counts as a list of one.</summary>
    public IReadOnlyList<string> List(Dictionary<string, YamlNode> map, string name, string key) => [.. Items(map, name, key).Select(i => i.Value)];

    /// <summary>
    /// A list of scalars, each with where it is: its own line and key (<c>dhcp.ranges[1]</c>), so a
    /// complaint about one item points at that item. A single scalar counts as a list of one.
    /// </summary>
    public IReadOnlyList<(string Value, SettingOrigin Origin)> Items(Dictionary<string, YamlNode> map, string name, string key)
    {
        if (!map.TryGetValue(name, out var node))
        {
            return [];
        }

        var path = Join(key, name);
        switch (node)
        {
            case YamlScalarNode { Value: { } one }:
                return [(one, Origin(node, path))];
            case YamlSequenceNode sequence:
                var result = new List<(string, SettingOrigin)>();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    if (item is YamlScalarNode { Value: { } value })
                    {
                        result.Add((value, Origin(item, $"{path}[{i}]")));
                    }
                    else
                    {
                        Error(item, path, "list items must be single values");
                    }
                }

                return result;
            default:
                Error(node, path, "must be a value or a list of values");
                return [];
        }
    }

    public SettingOrigin Origin(YamlNode node, string key) => SettingOrigin.InFile(File, Line(node), key);

    public void Error(SettingOrigin origin, string message) => errors.Add(new ConfigError(File, origin.Line, origin.Key, message));

    public IReadOnlyList<Setting<IPAddress>> Addresses(Dictionary<string, YamlNode> map, string name, string key)
    {
        var result = new List<Setting<IPAddress>>();
        foreach (var (text, origin) in Items(map, name, key))
        {
            if (Dhcp.Ipv4.TryParse(text, out var address))
            {
                result.Add(new Setting<IPAddress>(address!, origin));
            }
            else
            {
                Error(origin, $"'{text}' is not an IPv4 address");
            }
        }

        return result;
    }

    /// <summary>A value read from <c>map[name]</c>, with the line and key it came from; null when absent or wrong.</summary>
    public Setting<T>? Sourced<T>(Dictionary<string, YamlNode> map, string name, string key, T? value)
        where T : struct => value is { } given ? new Setting<T>(given, Origin(map[name], Join(key, name))) : null;

    /// <inheritdoc cref="Sourced{T}(Dictionary{string, YamlNode}, string, string, T?)"/>
    public Setting<string>? Sourced(Dictionary<string, YamlNode> map, string name, string key, string? value) =>
        value is { } given ? new Setting<string>(given, Origin(map[name], Join(key, name))) : null;

    public TEnum? Enum<TEnum>(Dictionary<string, YamlNode> map, string name, string key)
        where TEnum : struct, Enum
    {
        if (String(map, name, key) is not { } text)
        {
            return null;
        }

        // Names only: Enum.TryParse would also take numbers ("1") and flag lists ("ipxe,grub").
        var wanted = text.Replace("-", string.Empty, StringComparison.Ordinal);
        if (System.Enum.GetNames<TEnum>().FirstOrDefault(n => n.Equals(wanted, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            return System.Enum.Parse<TEnum>(known);
        }

        Error(map[name], Join(key, name), $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}");
        return null;
    }
}
