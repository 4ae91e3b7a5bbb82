namespace PxeHost.Iso.Entries;

/// <summary>A kernel command line as words: split on blanks, double-quoted values kept whole.</summary>
internal static class KernelArguments
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in commandLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
                word.Append(c);
            }
            else if (!quoted && char.IsWhiteSpace(c))
            {
                Flush(words, word);
            }
            else
            {
                word.Append(c);
            }
        }

        Flush(words, word);
        return words;
    }

    /// <summary>The word's name: "root" for "root=live:…", the word itself when it has no '='.</summary>
    public static string NameOf(string word)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? word : word[..equals];
    }

    /// <summary>The value of the last word named <paramref name="name"/>, or null.</summary>
    public static string? ValueOf(IReadOnlyList<string> words, string name) =>
        words.LastOrDefault(w => w.StartsWith(name + "=", StringComparison.Ordinal)) is { } word
            ? word[(name.Length + 1)..].Trim('"')
            : null;

    /// <summary>A GRUB word as the kernel sees it: quoted when it holds a blank.</summary>
    public static string Quote(string word) =>
        word.Any(char.IsWhiteSpace) && !word.Contains('"', StringComparison.Ordinal) ? $"\"{word}\"" : word;

    private static void Flush(List<string> words, System.Text.StringBuilder word)
    {
        if (word.Length > 0)
        {
            words.Add(word.ToString());
            word.Clear();
        }
    }
}
