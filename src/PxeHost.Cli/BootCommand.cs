using System.CommandLine;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Loaders;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Http;
using PxeHost.Tftp;
using PxeHost.Unix;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost boot KERNEL [INITRD …]</c>: quick mode. Every client, BIOS or UEFI, gets iPXE over
/// TFTP and then exactly this kernel and these initrds over HTTP.
/// </summary>
internal static class BootCommand
{
    private static readonly Argument<string> Kernel = new("KERNEL") { Description = "The kernel every client boots." };
    private static readonly Argument<string[]> Initrds = new("INITRD") { Description = "Initrds, in order (optional).", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string> CommandLine = new("--cmdline") { HelpName = "\"TEXT\"", Description = "Kernel command line.", DefaultValueFactory = _ => string.Empty };
    private static readonly Option<LogLevel> LogLevelOption = new("--log-level") { HelpName = "LEVEL", Description = "Trace, Debug, Information, Warning, Error.", DefaultValueFactory = _ => LogLevel.Information };
    private static readonly NetworkBootOptions Network = new();
    private static readonly Option<string?> UserOption = ServerUser.CreateOption();

    public static Command Create()
    {
        var command = new Command("boot", "Quick mode: every client boots this kernel (and initrds) through iPXE over HTTP. Choose one: --dhcp-range FIRST-LAST (full DHCP) or --proxy (beside the network's own DHCP server).")
        {
            Kernel, Initrds, CommandLine, LogLevelOption, UserOption,
        };
        foreach (var option in Network.All)
        {
            command.Options.Add(option);
        }

        CommandLineErrors.RefuseOptionsAsValues(Initrds, command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var problems = new List<(string Key, string Reason)>();
        var dhcp = Network.ToDhcpOptions(parse, problems, out var links);
        var files = new[] { parse.GetValue(Kernel)! }.Concat(parse.GetValue(Initrds) ?? []).Select(Path.GetFullPath).ToArray();
        foreach (var file in files)
        {
            if (Unreadable(file) is { } reason)
            {
                problems.Add((file == files[0] ? "KERNEL" : "INITRD", reason));
            }
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

        if (await ServerUser.SwitchAsync(parse, UserOption, "boot", dhcp?.DataDirectory).ConfigureAwait(false) is { } refused)
        {
            return refused;
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
        foreach (var line in IpxeScripts.DescribeQuick(options.Quick, options.Http.ListenAddresses, httpPort))
        {
            await Console.Out.WriteLineAsync($"pxehost boot: {line}").ConfigureAwait(false);
        }

        return await ServerHost.RunAsync("boot", options, parse.GetValue(LogLevelOption), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why the server cannot serve <paramref name="file"/>, or null: checked again as the server's user after the switch.</summary>
    private static string? Unreadable(string file)
    {
        // access(2), not open(2): opening a FIFO given by mistake would wait for a writer.
        var exists = File.Exists(file);
        if (exists ? UnixOwnership.CanRead(file) : !UnixOwnership.IsOutOfReach(file))
        {
            return exists ? null : $"'{file}' does not exist";
        }

        return $"'{file}' is not readable by the server's user {UnixAccount.Current}: chmod o+r it (and o+x its folders), or --user root";
    }
}
