using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;

namespace PxeHost.Cli;

/// <summary>
/// The top of the command tree. It is a plain command named <c>pxehost</c> rather than a
/// <see cref="RootCommand"/>, whose name is the assembly's (<c>PxeHost.Cli</c>) and cannot be changed:
/// usage lines must show what people type. A root command's <c>[suggest:POSITION]</c> directive is
/// therefore answered here, in the same form, for the completion script.
/// </summary>
internal static class PxeHostCommand
{
    public static Command Create(string description) => new("pxehost", description) { new HelpOption(), new VersionOption() };

    /// <summary>Runs what <paramref name="args"/> say; <c>[suggest:POSITION] LINE</c> prints what may complete LINE at POSITION, one per line.</summary>
    public static async Task<int> InvokeAsync(Command root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        if (args is [var directive, .. var line] && directive.StartsWith("[suggest", StringComparison.Ordinal) && directive.EndsWith(']'))
        {
            var text = string.Join(' ', line);
            var position = directive.StartsWith("[suggest:", StringComparison.Ordinal)
                && int.TryParse(directive.AsSpan(9, directive.Length - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var at)
                ? Math.Min(at, text.Length)
                : text.Length;
            foreach (var completion in root.Parse(text).GetCompletions(position))
            {
                await Console.Out.WriteLineAsync(completion.Label).ConfigureAwait(false);
            }

            return 0;
        }

        // Ctrl-C and SIGTERM cancel the command's token; it then has this long to clean up (the demo stops its
        // machines and deletes its namespace, serve closes its sockets and stores) before the process ends anyway.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        return await root.Parse(args).Terse().InvokeAsync(invocation).ConfigureAwait(false);
    }
}
