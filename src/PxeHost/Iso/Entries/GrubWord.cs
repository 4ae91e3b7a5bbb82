using System.Text;

namespace PxeHost.Iso.Entries;

/// <summary>
/// One word of a GRUB script as the tokenizer read it: parts from single quotes or backslash
/// escapes are literal, the rest has its <c>$name</c>/<c>${name}</c> references expanded when the
/// command runs (GRUB expands at run time, so a <c>set</c> before changes what follows).
/// </summary>
internal sealed record GrubWord(IReadOnlyList<GrubWordPart> Parts)
{
    /// <summary>True for an unquoted word spelled exactly <paramref name="text"/> ("{", "}", "then").</summary>
    public bool IsBare(string text) => Parts is [{ Expand: true, Quoted: false } part] && part.Text == text;

    /// <summary>
    /// The words this word becomes once expanded: one, or several when it is only unquoted text
    /// whose variables held blanks (<c>linux /vmlinuz $args</c>).
    /// </summary>
    public IEnumerable<string> ExpandFields(IReadOnlyDictionary<string, string> variables)
    {
        var text = Expand(variables);
        return Parts.All(p => p is { Expand: true, Quoted: false })
            ? text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            : [text];
    }

    public string Expand(IReadOnlyDictionary<string, string> variables)
    {
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            if (part.Expand)
            {
                ExpandInto(text, part.Text, variables);
            }
            else
            {
                text.Append(part.Text);
            }
        }

        return text.ToString();
    }

    private static void ExpandInto(StringBuilder text, string raw, IReadOnlyDictionary<string, string> variables)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '$' || i + 1 >= raw.Length)
            {
                text.Append(raw[i]);
                continue;
            }

            string name;
            if (raw[i + 1] == '{' && raw.IndexOf('}', i + 2) is var close and > 0)
            {
                name = raw[(i + 2)..close];
                i = close;
            }
            else
            {
                var end = i + 1;
                while (end < raw.Length && (char.IsAsciiLetterOrDigit(raw[end]) || raw[end] == '_'))
                {
                    end++;
                }

                if (end == i + 1 && "?#@*".Contains(raw[end], StringComparison.Ordinal))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    text.Append('$');
                    continue;
                }

                name = raw[(i + 1)..end];
                i = end - 1;
            }

            text.Append(variables.GetValueOrDefault(name, string.Empty));
        }
    }
}
