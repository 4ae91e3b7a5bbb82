using System.Text;

namespace PxeHost.Boot.Render;

/// <summary>
/// Entry ids as all three loaders can take them: a letter or <c>_</c>, then letters, digits,
/// <c>_</c> and <c>-</c>. iPXE uses the id as a label and as <c>item</c>/<c>choose</c> arguments (a
/// leading <c>-</c> would read as an option), PXELINUX as a <c>LABEL</c>, GRUB as <c>--id</c> and in
/// <c>set default=</c> — where an all-digit id, or one like <c>0x1</c>, would be taken for an index.
/// </summary>
public static class EntryId
{
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id)
        && (char.IsAsciiLetter(id[0]) || id[0] == '_')
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>
    /// A valid id made from any name: other characters become <c>-</c>, and a name that does not
    /// start with a letter or <c>_</c> gets an <c>e-</c> in front. Distinct names may collide.
    /// </summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = new StringBuilder(name.Length + 2);
        foreach (var c in name)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-');
        }

        return IsValid(id.ToString()) ? id.ToString() : "e-" + id;
    }
}
