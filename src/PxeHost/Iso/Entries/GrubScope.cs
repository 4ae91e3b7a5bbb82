using System.Text.RegularExpressions;

namespace PxeHost.Iso.Entries;

/// <summary>
/// What a GRUB command runs in: the variables, the title prefix of the submenus around it, the
/// nesting depth, and how many if/while/for blocks it is inside (their conditions are not run).
/// </summary>
internal sealed partial class GrubScope(Dictionary<string, string> variables, string titlePrefix, int depth)
{
    public Dictionary<string, string> Variables { get; } = variables;

    public string TitlePrefix { get; } = titlePrefix;

    public int Depth { get; } = depth;

    /// <summary>True while inside an if/while/for block, here or in a scope around this one.</summary>
    public bool Conditional => _ifDepth > 0 || _inheritedConditional;

    private int _ifDepth;
    private bool _inheritedConditional;

    /// <summary>A scope for a block: a copy of the variables, so what the block sets stays inside.</summary>
    public GrubScope Child(string titlePrefix) =>
        new(new Dictionary<string, string>(Variables, StringComparer.Ordinal), titlePrefix, Depth + 1)
        {
            _inheritedConditional = Conditional,
        };

    /// <summary>
    /// The command's words without GRUB's flow keywords: "then", "else" and "do" are dropped from the
    /// front; "if", "elif", "while", "until" and "for" lines are conditions, not run, and "fi"/"done"
    /// end a block. Returns what remains to run (empty for a condition or an end).
    /// </summary>
    public IReadOnlyList<GrubWord> WithoutKeywords(IReadOnlyList<GrubWord> words)
    {
        var start = 0;
        while (start < words.Count && (words[start].IsBare("then") || words[start].IsBare("else") || words[start].IsBare("do")))
        {
            start++;
        }

        if (start == words.Count)
        {
            return [];
        }

        var first = words[start];
        if (first.IsBare("if") || first.IsBare("while") || first.IsBare("until") || first.IsBare("for"))
        {
            _ifDepth++;
            return [];
        }

        if (first.IsBare("fi") || first.IsBare("done"))
        {
            _ifDepth = Math.Max(0, _ifDepth - 1);
            return [];
        }

        return first.IsBare("elif") ? [] : words.Skip(start).ToArray();
    }

    /// <summary>Runs <c>set name=value …</c> (or a bare <c>name=value</c>).</summary>
    public void Assign(IEnumerable<GrubWord> words)
    {
        foreach (var word in words)
        {
            var text = word.Expand(Variables);
            if (IsAssignment(text))
            {
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                Variables[text[..equals]] = text[(equals + 1)..];
            }
        }
    }

    public static bool IsAssignment(string text) => Assignment().IsMatch(text);

    /// <summary>
    /// A GRUB path as an image path: a leading device such as "($root)", "(cd0)" or "(hd0,msdos1)"
    /// removed (the image is the device), then resolved from the root; null when it climbs out.
    /// </summary>
    public static string? ImagePath(string path)
    {
        if (path.StartsWith('(') && path.IndexOf(')', StringComparison.Ordinal) is var close and > 0)
        {
            path = path[(close + 1)..];
        }

        return ConfigReading.Normalize(path, string.Empty);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*=", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
