using System.CommandLine;
using PxeHost.Boot;
using PxeHost.Boot.Loaders;

namespace PxeHost.Cli;

/// <summary><c>pxehost bootloaders</c>: each file PxeHost can serve from the system, where it is, or which package provides it.</summary>
internal static class BootloadersCommand
{
    private static readonly Option<string> DataDir = new("--data-dir") { HelpName = "DIR", Description = "Where GRUB netboot images are cached.", DefaultValueFactory = _ => "/var/lib/pxehost" };

    public static Command Create()
    {
        var command = new Command("bootloaders", "List the bootloader files PxeHost serves from the system's packages, and what is missing.") { DataDir };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var found = SystemBootloaders.Discover();
        var built = LoaderCatalog.Kinds.Where(k => k.SystemPath is null && k.IsDefault).ToArray();
        var width = found.Select(b => b.Name).Concat(built.Select(k => k.Name)).Max(name => name.Length) + 2;
        foreach (var bootloader in found)
        {
            var where = bootloader.Path ?? $"missing: apt-get install {bootloader.Package}";
            await Console.Out.WriteLineAsync($"{bootloader.Name.PadRight(width)}{where}  ({bootloader.Purpose})").ConfigureAwait(false);
        }

        var grub = await GrubNetboot.BuildAsync(Path.Combine(parse.GetValue(DataDir)!, "cache"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        foreach (var image in built)
        {
            var where = grub is null ? $"missing: apt-get install {image.Package} grub-common" : Path.Combine(grub.Directory, image.Name);
            await Console.Out.WriteLineAsync($"{image.Name.PadRight(width)}{where}  ({image.Purpose})").ConfigureAwait(false);
        }

        var missing = found.Count(b => !b.Found) + (grub is null ? built.Length : 0);
        await Console.Out.WriteLineAsync($"{found.Count + built.Length - missing} found, {missing} missing").ConfigureAwait(false);
        return 0;
    }
}
