using PxeHost.Cli;
using PxeHost.Cli.Demo;

var root = PxeHostCommand.Create("PxeHost: a network-boot server (DHCP, proxyDHCP, TFTP, HTTP) for BIOS and UEFI machines.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(BootCommand.Create());
root.Subcommands.Add(LeasesCommand.Create());
root.Subcommands.Add(MachinesCommand.Create());
root.Subcommands.Add(TimelineCommand.Create());
root.Subcommands.Add(BootloadersCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(IsoCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(CompletionCommand.Create());
root.Subcommands.Add(ManualCommand.Create(root));
return await PxeHostCommand.InvokeAsync(root, args).ConfigureAwait(false);
