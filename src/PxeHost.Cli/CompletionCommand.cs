using System.CommandLine;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost completion bash</c>: a bash completion function that asks the program itself, through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, what may follow what has been typed.
/// </summary>
internal static class CompletionCommand
{
    private static readonly Argument<string> Shell = new("SHELL") { Description = "The shell: bash." };

    /// <summary>
    /// The program is asked with the line after its own name, so that <c>./pxehost</c>, a full path
    /// and <c>pxehost</c> complete alike; the cursor position moves back by what was cut.
    /// </summary>
    internal const string Bash = """
        # bash completion for pxehost: eval "$(pxehost completion bash)", or save it as /etc/bash_completion.d/pxehost
        _pxehost() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local program="${line%%[[:space:]]*}"
            local rest="${line#"$program"}"
            rest="${rest#"${rest%%[![:space:]]*}"}"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$("$program" "[suggest:${#rest}]" "$rest" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _pxehost pxehost ./pxehost
        """;

    public static Command Create()
    {
        Shell.AcceptOnlyFromAmong("bash");
        var command = new Command("completion", "Print a shell completion script: eval \"$(pxehost completion bash)\".") { Shell };
        command.SetAction(async (_, cancellationToken) => await Console.Out.WriteLineAsync(Bash.AsMemory(), cancellationToken).ConfigureAwait(false));
        return command;
    }
}
