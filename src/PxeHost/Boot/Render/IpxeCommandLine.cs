namespace PxeHost.Boot.Render;

/// <summary>
/// What iPXE's script parser (core/exec.c) does to a command's arguments: it expands <c>${…}</c>
/// settings first, then splits the line at whitespace, and a token that is exactly <c>||</c>,
/// <c>&amp;&amp;</c> or <c>;</c>, or one that starts with <c>#</c>, ends the command there. It has no quoting
/// (no quotes, no backslash), and expanding a setting happens before the split, so a value put in a
/// setting with <c>set</c> and used as <c>${name}</c> is split the same way: there is no iPXE spelling
/// that carries such a token to the kernel. A command line holding one cannot be passed; it is refused.
/// </summary>
internal static class IpxeCommandLine
{
    /// <summary>Why <paramref name="commandLine"/> cannot be passed intact on an iPXE <c>kernel</c> line, or null when it can.</summary>
    public static string? Problem(string? commandLine)
    {
        var text = commandLine ?? string.Empty;
        if (text.Any(char.IsControl))
        {
            return "the command line contains a line break or control character, which would end the iPXE command";
        }

        foreach (var token in text.Split(' ', '\t').Where(t => t.Length > 0))
        {
            if (token is "||" or "&&" or ";")
            {
                return $"the command line holds '{token}' as a word: iPXE ends the kernel command there and runs the rest as a command of its own";
            }

            if (token.StartsWith('#'))
            {
                return $"the command line holds a word starting with '#' ({token}): iPXE drops the rest of the line as a comment";
            }
        }

        return null;
    }
}
