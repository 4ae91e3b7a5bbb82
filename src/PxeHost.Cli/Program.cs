using System.CommandLine;
using PxeHost.Cli;

var root = new RootCommand("PxeHost: a network-boot server (DHCP, proxyDHCP, TFTP, HTTP) for BIOS and UEFI machines.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(BootCommand.Create());
root.Subcommands.Add(LeasesCommand.Create());
root.Subcommands.Add(MachinesCommand.Create());
root.Subcommands.Add(TimelineCommand.Create());
root.Subcommands.Add(BootloadersCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
