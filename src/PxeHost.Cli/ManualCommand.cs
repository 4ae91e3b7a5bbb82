using System.CommandLine;
using System.Globalization;
using System.Reflection;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost man</c> (hidden): prints pxehost(1) for the package, from the command tree. The page's date is
/// SOURCE_DATE_EPOCH's when set (reproducible builds: the same commit gives the same page), else today's.
/// </summary>
internal static class ManualCommand
{
    public static Command Create(Command root)
    {
        var command = new Command("man", "Print the manual page pxehost(1) in roff.") { Hidden = true };
        command.SetAction(async (_, cancellationToken) =>
        {
            var version = typeof(ManualCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            var page = ManualPage.Write(root, version.Split('+')[0], PageDate(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), TimeProvider.System));
            await Console.Out.WriteAsync(page.AsMemory(), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    internal static DateOnly PageDate(string? sourceDateEpoch, TimeProvider time) =>
        DateOnly.FromDateTime((long.TryParse(sourceDateEpoch, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : time.GetUtcNow()).UtcDateTime);
}
