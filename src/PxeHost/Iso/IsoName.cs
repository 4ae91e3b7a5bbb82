namespace PxeHost.Iso;

/// <summary>
/// An image's name: one URL segment and one file name at once (<c>iso/NAME/…</c>, <c>isos/NAME.iso</c>),
/// so letters, digits, '.', '-' and '_' only, not starting with '.' (hidden, and "." / ".."), at most 100.
/// </summary>
public static class IsoName
{
    /// <summary>The extension an image's entry in <c>isos/</c> carries.</summary>
    public const string Extension = ".iso";

    public const int MaxLength = 100;

    /// <summary>Why <paramref name="name"/> cannot name an image, or null when it can.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "an image needs a name";
        }

        if (name.Length > MaxLength)
        {
            return $"'{name}' is longer than {MaxLength} characters";
        }

        if (name[0] == '.' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return $"'{name}' is not a safe URL segment: letters, digits, '.', '-' and '_' only, not starting with '.'";
        }

        return null;
    }

    /// <summary>The name an entry of <c>isos/</c> gives its image ("debian-12.iso" → "debian-12"), or null for a file that is no image.</summary>
    public static string? OfEntry(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return fileName.Length > Extension.Length && !fileName.StartsWith('.') && fileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase)
            ? fileName[..^Extension.Length]
            : null;
    }

    /// <summary>The name <c>iso add</c> gives a file when none is asked for: its file name without ".iso", unsafe characters as '_'.</summary>
    public static string FromFile(string file)
    {
        var name = System.IO.Path.GetFileName(file ?? string.Empty);
        name = name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name[..^Extension.Length] : name;
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).TrimStart('.');
        return safe.Length > MaxLength ? safe[..MaxLength] : safe;
    }
}
