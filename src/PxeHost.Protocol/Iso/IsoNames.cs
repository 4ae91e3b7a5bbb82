using System.Text;

namespace PxeHost.Protocol.Iso;

/// <summary>File identifiers as names: ISO 9660 d-characters or Joliet UCS-2, without the version.</summary>
internal static class IsoNames
{
    /// <summary>
    /// An ISO 9660 identifier (§7.5): "NAME.EXT;1" becomes "NAME.EXT", "NAME.;1" becomes "NAME",
    /// as Linux shows them. Bytes outside ASCII are read as Latin-1, as mastering tools wrote them.
    /// </summary>
    public static string Iso9660(byte[] identifier) => Trim(Encoding.Latin1.GetString(identifier));

    /// <summary>A Joliet identifier: UCS-2 big-endian (Joliet §3), a stray odd byte dropped.</summary>
    public static string Joliet(byte[] identifier) =>
        Trim(Encoding.BigEndianUnicode.GetString(identifier, 0, identifier.Length & ~1));

    /// <summary>Refuses what cannot be a path segment: empty, ".", "..", a '/' or a NUL inside, or too long.</summary>
    public static string Checked(string name, IsoLimits limits, long position)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new IsoFormatException($"a directory record has the name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}', which cannot be a path segment", position);
        }

        return name.Length <= limits.MaxNameLength
            ? name
            : throw new IsoFormatException($"a name of {name.Length} characters is longer than {limits.MaxNameLength}", position);
    }

    private static string Trim(string name)
    {
        var version = name.LastIndexOf(';');
        if (version >= 0)
        {
            name = name[..version];
        }

        return name.Length > 1 ? name.TrimEnd('.') : name;
    }
}
