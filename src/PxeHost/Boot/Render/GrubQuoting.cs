using System.Text;

namespace PxeHost.Boot.Render;

/// <summary>
/// Text as GRUB's script lexer reads it (grub-core/script/yylex.l): blanks split words;
/// <c>{ } | &amp; $ ; &lt; &gt;</c>, quotes and <c>\</c> are special, a word starting with <c>#</c> is a
/// comment, and <c>* ? [</c> may be expanded as wildcards. Inside single quotes nothing is special
/// (a <c>'</c> itself is written <c>'\''</c>); inside double quotes <c>\</c> escapes <c>" \ $</c>.
/// </summary>
internal static class GrubQuoting
{
    /// <summary>A menu title in double quotes, with <c>"</c>, <c>\</c> and <c>$</c> escaped.</summary>
    public static string Title(string title)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in RenderText.OneLine(title))
        {
            if (c is '"' or '\\' or '$')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>One argument that GRUB reads back exactly: as it is when only plain characters, else single-quoted.</summary>
    public static string Word(string word)
    {
        if (word.Length > 0 && word.All(IsPlain))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// A kernel command line as GRUB arguments. The kernel splits at blanks outside double quotes,
    /// which only group; GRUB joins its arguments with blanks and puts double quotes around one that
    /// contains a blank (grub_create_loader_cmdline), so each kernel word is passed without its
    /// quotes: <c>foo="a b"</c> reaches the kernel as <c>"foo=a b"</c>, the same parameter and value.
    /// GRUB escapes <c>' " \</c> in arguments with a backslash the kernel does not undo, so those
    /// characters cannot reach a kernel through GRUB unchanged.
    /// </summary>
    public static string CommandLine(string commandLine) => string.Join(' ', KernelWords(commandLine).Select(Word));

    internal static IEnumerable<string> KernelWords(string commandLine)
    {
        var word = new StringBuilder();
        var inQuote = false;
        var any = false;
        foreach (var c in commandLine)
        {
            if (c == '"')
            {
                inQuote = !inQuote;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !inQuote)
            {
                if (any)
                {
                    yield return word.ToString();
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (any)
        {
            yield return word.ToString();
        }
    }

    private static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ',' or ':' or '=' or '+' or '@' or '%' or '~' or '^' or '(' or ')' or '!';
}
