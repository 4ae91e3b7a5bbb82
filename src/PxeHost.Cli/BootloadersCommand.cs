using System.CommandLine;
using PxeHost.Boot;

namespace PxeHost.Cli;

/// <summary><c>pxehost bootloaders</c>: each file PxeHost can serve from the system, where it is, or which package provides it.</summary>
internal static class BootloadersCommand
{
    private static readonly Option<string> DataDir = new("--data-dir") { Description = "Where GRUB netboot images are cached.", DefaultValueFactory = _ => "/var/lib/pxehost" };

    public static Command Create()
    {
        var command = new Command("bootloaders", "List the bootloader files PxeHost serves from the system's packages, and what is missing.") { DataDir };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var found = SystemBootloaders.Discover();
        var width = Math.Max(found.Max(b => b.Name.Length), "grub/x86_64-efi/core.efi".Length) + 2;
        foreach (var bootloader in found)
        {
            var where = bootloader.Path ?? $"missing: apt-get install {bootloader.Package}";
            await Console.Out.WriteLineAsync($"{bootloader.Name.PadRight(width)}{where}  ({bootloader.Purpose})").ConfigureAwait(false);
        }

        var grub = await GrubNetboot.BuildAsync(Path.Combine(parse.GetValue(DataDir)!, "cache"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        var bios = grub is null ? "missing: apt-get install grub-pc-bin grub-common" : Path.Combine(grub.Directory, grub.BiosImage);
        var uefi = grub is null ? "missing: apt-get install grub-efi-amd64-bin grub-common" : Path.Combine(grub.Directory, grub.UefiImage);
        await Console.Out.WriteLineAsync($"{"grub/i386-pc/core.0".PadRight(width)}{bios}  (GRUB netboot for BIOS, built with grub-mknetdir)").ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"{"grub/x86_64-efi/core.efi".PadRight(width)}{uefi}  (GRUB netboot for UEFI x64, built with grub-mknetdir)").ConfigureAwait(false);
        var missing = found.Count(b => !b.Found) + (grub is null ? 2 : 0);
        await Console.Out.WriteLineAsync($"{found.Count + 2 - missing} found, {missing} missing").ConfigureAwait(false);
        return 0;
    }
}
