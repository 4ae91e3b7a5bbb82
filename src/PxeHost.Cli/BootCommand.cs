using System.CommandLine;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Loaders;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Http;
using PxeHost.Tftp;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost boot KERNEL [INITRD …]</c>: quick mode. Every client, BIOS or UEFI, gets iPXE over
/// TFTP and then exactly this kernel and these initrds over HTTP.
/// </summary>
internal static class BootCommand
{
    private static readonly Argument<string> Kernel = new("KERNEL") { Description = "The kernel every client boots." };
    private static readonly Argument<string[]> Initrds = new("INITRD") { Description = "Initrds, in order.", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string> CommandLine = new("--cmdline") { Description = "Kernel command line.", DefaultValueFactory = _ => string.Empty };
    private static readonly Option<LogLevel> LogLevelOption = new("--log-level") { Description = "Trace, Debug, Information, Warning, Error.", DefaultValueFactory = _ => LogLevel.Information };
    private static readonly NetworkBootOptions Network = new();

    public static Command Create()
    {
        var command = new Command("boot", "Quick mode: every client boots this kernel (and initrds) through iPXE over HTTP.")
        {
            Kernel, Initrds, CommandLine, LogLevelOption,
        };
        foreach (var option in Network.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var problems = new List<(string Key, string Reason)>();
        var dhcp = Network.ToDhcpOptions(parse, problems, out var links);
        var files = new[] { parse.GetValue(Kernel)! }.Concat(parse.GetValue(Initrds) ?? []).Select(Path.GetFullPath).ToArray();
        foreach (var file in files.Where(f => !File.Exists(f)))
        {
            problems.Add((file == files[0] ? "KERNEL" : "INITRD", $"'{file}' does not exist"));
        }

        foreach (var twice in files.Skip(1).GroupBy(Path.GetFileName).Where(g => g.Count() > 1))
        {
            problems.Add(("INITRD", $"two initrds are named {twice.Key}: the kernel finds initrds by name (initrd=NAME), so names must differ"));
        }

        var bootloaders = SystemBootloaders.Discover();
        foreach (var needed in bootloaders.Where(b => !b.Found && LoaderCatalog.Kinds.Any(k => k.IsIpxe && k.IsDefault && k.Name == b.Name)))
        {
            problems.Add(("interface", $"quick mode needs {needed.Name} ({needed.Purpose}): apt-get install {needed.Package}"));
        }

        if (await ServeCommand.Report(problems, "boot").ConfigureAwait(false))
        {
            return 2;
        }

        var extra = SystemBootloaders.FoundFiles(bootloaders);
        var httpPort = parse.GetValue(Network.HttpPort);
        var options = new PxeHostOptions
        {
            Tftp = new TftpServerOptions { ListenAddresses = ServerHost.TftpAddressesFor(links) },
            Files = new FileTreeOptions { SystemFiles = extra },
            Dhcp = dhcp,
            Http = new HttpBootOptions { Port = httpPort, ListenAddresses = links.Select(l => l.Address).ToArray() },
            HttpPort = httpPort,
            Quick = new QuickBoot(files[0], files[1..], parse.GetValue(CommandLine) ?? string.Empty),
            DataDirectory = dhcp?.DataDirectory,
        };
        return await ServerHost.RunAsync("boot", options, parse.GetValue(LogLevelOption), cancellationToken).ConfigureAwait(false);
    }
}
