using System.CommandLine;
using System.Globalization;
using System.Text;

namespace PxeHost.Cli;

/// <summary>
/// pxehost(1) in man(7) roff, written from the command tree itself: every command that is not hidden,
/// its arguments and its options with their descriptions and defaults, so the page cannot drift from
/// what <c>--help</c> says.
/// </summary>
internal static class ManualPage
{
    public static string Write(Command root, string version, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(root);
        var page = new StringBuilder();
        var name = root.Name.ToUpperInvariant();
        page.Append(CultureInfo.InvariantCulture, $".TH {name} 1 \"{date:yyyy-MM-dd}\" \"{Escape($"{root.Name} {version}")}\" \"User Commands\"\n");
        page.Append(".SH NAME\n").Append(CultureInfo.InvariantCulture, $"{root.Name} \\- {Escape(Summary(root.Description))}\n");
        page.Append(".SH SYNOPSIS\n").Append(CultureInfo.InvariantCulture, $".B {root.Name}\n.I COMMAND\n[\\fIOPTIONS\\fR]\n");
        page.Append(".SH DESCRIPTION\n").Append(Escape(root.Description)).Append('\n');
        page.Append(".SH OPTIONS\n");
        foreach (var option in root.Options.Where(o => !o.Hidden))
        {
            page.Append(".TP\n").Append(OptionTerm(option)).Append('\n').Append(Escape(OptionText(option))).Append('\n');
        }

        page.Append(".SH COMMANDS\n");
        foreach (var (path, command) in Commands(root, root.Name))
        {
            page.Append(CultureInfo.InvariantCulture, $".SS \"{Escape(Usage(path, command))}\"\n").Append(Escape(command.Description)).Append('\n');
            foreach (var argument in command.Arguments.Where(a => !a.Hidden))
            {
                page.Append(".TP\n").Append(CultureInfo.InvariantCulture, $".I {Escape(argument.HelpName ?? argument.Name)}\n").Append(Escape(argument.Description)).Append('\n');
            }

            foreach (var option in command.Options.Where(o => !o.Hidden))
            {
                page.Append(".TP\n").Append(OptionTerm(option)).Append('\n').Append(Escape(OptionText(option))).Append('\n');
            }
        }

        page.Append(".SH FILES\n")
            .Append(".TP\n.I /etc/pxehost/pxehost.yaml\nThe boot plan the packaged service serves (profiles, menus, machines); reloaded when it changes.\n")
            .Append(".TP\n.I /var/lib/pxehost\nLeases, timelines, boot-once records and built GRUB images (\\-\\-data\\-dir).\n")
            .Append(".TP\n.I /var/lib/pxehost/isos\nThe images served from inside (iso add links them here; a file dropped here is one too), and their cached index in .index/.\n")
            .Append(".TP\n.I /lib/systemd/system/pxehost.service\nThe service: runs serve as the user pxehost with CAP_NET_BIND_SERVICE and CAP_NET_RAW only.\n");
        page.Append(".SH EXIT STATUS\n0 on success, 1 when the server could not run or a check blocks, 2 for a refused command line or configuration.\n");
        page.Append(".SH SEE ALSO\n.BR systemctl (1),\n.BR journalctl (1),\n.BR setpriv (1)\n");
        return page.ToString();
    }

    /// <summary>Every visible command under <paramref name="command"/>, depth first, with the words that run it.</summary>
    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string path)
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            var subPath = $"{path} {sub.Name}";
            yield return (subPath, sub);
            foreach (var nested in Commands(sub, subPath))
            {
                yield return nested;
            }
        }
    }

    private static string Usage(string path, Command command)
    {
        var words = new StringBuilder(path);
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            var word = argument.HelpName ?? argument.Name;
            words.Append(' ').Append(argument.Arity.MinimumNumberOfValues == 0 ? $"[{word}]" : word);
            words.Append(argument.Arity.MaximumNumberOfValues > 1 ? " ..." : string.Empty);
        }

        return command.Options.Any(o => !o.Hidden) ? words.Append(" [OPTIONS]").ToString() : words.ToString();
    }

    /// <summary>"--config FILE, -c FILE": the option's names in bold, its value's name in italics.</summary>
    private static string OptionTerm(Option option)
    {
        // "/?" and "/h" are Windows' spellings of --help.
        var names = new[] { option.Name }.Concat(option.Aliases.Where(a => !a.StartsWith('/')).Order(StringComparer.Ordinal));
        var value = option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0 ? string.Empty : $" \\fI{Escape(option.HelpName ?? "VALUE")}\\fR";
        return string.Join(", ", names.Select(n => $"\\fB{Escape(n)}\\fR{value}"));
    }

    private static string OptionText(Option option)
    {
        var text = option.Description ?? string.Empty;
        if (option.HasDefaultValue && option.ValueType != typeof(bool) && option.GetDefaultValue() is { } value && Shown(value) is { Length: > 0 } shown)
        {
            text += $" Default: {shown}.";
        }

        return text;
    }

    private static string Shown(object value) => value switch
    {
        string text => text,
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object>()),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The first sentence without the program's own name before it, for the NAME line whatis(1) and apropos(1) read.</summary>
    internal static string Summary(string? description)
    {
        var text = description ?? string.Empty;
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        text = colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal) ? text[(colon + 2)..] : text;
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? text[..end] : text).TrimEnd('.');
    }

    /// <summary>Text as roff reads it literally: backslashes and hyphens escaped, a control character at a line's start defused.</summary>
    internal static string Escape(string? text)
    {
        var escaped = (text ?? string.Empty).Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal)
            .Replace("\"", "\\(dq", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
