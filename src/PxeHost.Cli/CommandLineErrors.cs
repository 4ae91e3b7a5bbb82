using System.CommandLine;
using System.CommandLine.Invocation;

namespace PxeHost.Cli;

/// <summary>How a command line that does not parse is answered: the error and its "did you mean", not the whole help.</summary>
internal static class CommandLineErrors
{
    /// <summary>
    /// Shows parse errors with System.CommandLine's typo corrections but without the help that follows
    /// them by default: after a typo, two screens of options hide the one line that says what was wrong.
    /// </summary>
    public static ParseResult Terse(this ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Action is ParseErrorAction errors)
        {
            errors.ShowHelp = false;
            errors.ShowTypoCorrections = true;
        }

        return parse;
    }

    /// <summary>
    /// Refuses a value of <paramref name="argument"/> that looks like an option: a trailing argument of
    /// any arity would otherwise take a mistyped option (<c>boot vmlinuz --interfce br0</c>) as a file name.
    /// </summary>
    public static void RefuseOptionsAsValues(Argument argument, Command command)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name));
                var closest = Closest(token.Value, names);
                result.AddError($"pxehost {command.Name}: {token.Value}: unknown option" + (closest is null ? string.Empty : $"; did you mean {closest}?")
                    + $" ({argument.Name} cannot start with '-'; say ./{token.Value} for such a file)");
            }
        });
    }

    /// <summary>The name nearest to <paramref name="typed"/> within a third of its length in edits, or null.</summary>
    internal static string? Closest(string typed, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: Distance(typed, n)))
            .Where(c => c.Distance <= Math.Max(1, typed.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();

    /// <summary>Levenshtein distance: inserted, deleted and replaced characters.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
