namespace PxeHost.Iso.Entries;

/// <summary>
/// The commands of one menuentry block, run for what they boot: the first linux/linuxefi/linux16
/// and the initrd/initrdefi/initrd16 after it (an entry choosing by firmware in an if block has one
/// of each per branch; the first branch is taken).
/// </summary>
internal sealed class GrubEntryBody(IReadOnlyList<GrubCommand> commands, int start, int end)
{
    private static readonly HashSet<string> LinuxCommands = ["linux", "linuxefi", "linux16"];
    private static readonly HashSet<string> InitrdCommands = ["initrd", "initrdefi", "initrd16"];

    // Loaders that boot something other than a Linux kernel (GRUB manual, "Command-line commands").
    private static readonly HashSet<string> OtherLoaders =
    [
        "chainloader", "halt", "reboot", "fwsetup", "exit", "multiboot", "multiboot2", "freedos", "ntldr",
        "appleloader", "kfreebsd", "knetbsd", "kopenbsd", "xnu_kernel", "xnu_kernel64", "plan9", "legacy_configfile",
    ];

    public GrubEntryFound Run(GrubScope scope)
    {
        string? kernel = null;
        var arguments = string.Empty;
        IReadOnlyList<string>? initrds = null;
        IReadOnlyList<string>? initrdsBefore = null;
        var other = false;
        var conditional = false;
        for (var i = start; i < end; i++)
        {
            var words = scope.WithoutKeywords(commands[i].Words);
            var name = words.Count == 0 ? string.Empty : words[0].Expand(scope.Variables);
            var rest = words.Skip(1).SelectMany(w => w.ExpandFields(scope.Variables)).ToArray();
            if (name == "set" || (words.Count == 1 && GrubScope.IsAssignment(name)))
            {
                scope.Assign(name == "set" ? words.Skip(1) : words);
            }
            else if (LinuxCommands.Contains(name) && kernel is null && rest.Length > 0)
            {
                kernel = rest[0];
                arguments = string.Join(' ', rest.Skip(1).Select(KernelArguments.Quote));
                conditional = scope.Conditional;
            }
            else if (InitrdCommands.Contains(name))
            {
                if (kernel is null)
                {
                    initrdsBefore ??= rest;
                }
                else
                {
                    initrds ??= rest;
                }
            }
            else if (OtherLoaders.Contains(name))
            {
                other = true;
            }
        }

        return new GrubEntryFound(kernel, initrds ?? initrdsBefore ?? [], arguments, other, conditional);
    }
}
