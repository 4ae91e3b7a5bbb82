using System.Text;
using PxeHost.Boot.Plan;

namespace PxeHost.Boot.Render;

/// <summary>
/// A client's plan as a grub.cfg for a netbooted GRUB 2 (checked against Debian 12's 2.06).
/// <para>
/// Files: a netbooted GRUB's <c>$root</c> is <c>tftp,SERVER</c> — the device its <c>$prefix</c> names
/// when GRUB fills it from the DHCP reply — so a TFTP path is written <c>/path</c>, read from the
/// server that served this very file. An http URL becomes GRUB's <c>(http,HOST:PORT)/path</c>
/// (port only when not 80; GRUB 2.06 in Debian 12 parses the <c>:PORT</c>, "bad port number" is its
/// error). GRUB has no https.
/// </para>
/// <para>
/// Timeout: <c>set timeout</c> is whole seconds, rounded up; -1 waits forever and 0 boots the default
/// at once. Entries carry <c>--id</c> and <c>set default=</c> names the id.
/// </para>
/// </summary>
public static class GrubRenderer
{
    public static string Render(ClientPlan plan)
    {
        var defaultEntry = RenderText.Validate(plan);
        var config = new StringBuilder();
        config.Append("# ").Append(RenderText.Header(plan)).Append('\n');
        RenderText.AppendLeftOut(config, plan);
        if (plan.SerialPort is { } port)
        {
            config.Append("serial --unit=").Append(RenderText.Number(port)).Append(" --speed=").Append(RenderText.Number(RenderText.SerialSpeed)).Append('\n');
            config.Append("terminal_input serial console\n");
            config.Append("terminal_output serial console\n");
        }

        config.Append("set default=").Append(defaultEntry.Id).Append('\n');
        config.Append("set timeout=").Append(RenderText.Number(Seconds(plan.Timeout))).Append('\n');
        foreach (var entry in plan.Entries)
        {
            config.Append('\n').Append("menuentry ").Append(GrubQuoting.Title(entry.Title)).Append(" --id ").Append(entry.Id).Append(" {\n");
            AppendBody(config, entry, plan);
            config.Append("}\n");
        }

        return config.ToString();
    }

    /// <summary><c>set timeout</c>: -1 forever, otherwise whole seconds rounded up.</summary>
    internal static long Seconds(TimeSpan? timeout) =>
        timeout is { } value ? Math.Min(RenderText.CeilingUnits(value, TimeSpan.FromSeconds(1)), int.MaxValue) : -1;

    /// <summary>A file as GRUB opens it: <c>/path</c> on <c>$root</c> (the TFTP server), or <c>(http,HOST[:PORT])/path</c>.</summary>
    internal static string Path(string? reference, ResolvedEntry entry, string what)
    {
        var file = RenderText.File(reference, entry, what);
        if (!file.Contains("://", StringComparison.Ordinal))
        {
            return "/" + file.TrimStart('/');
        }

        if (!Uri.TryCreate(file, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "tftp"))
        {
            throw new ArgumentException($"entry '{entry.Id}': GRUB cannot fetch {what} '{file}' (http and tftp only)", nameof(entry));
        }

        var server = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{RenderText.Number(uri.Port)}";
        return $"({uri.Scheme},{server}){uri.PathAndQuery}";
    }

    private static void AppendBody(StringBuilder config, ResolvedEntry entry, ClientPlan plan)
    {
        switch (entry.Kind)
        {
            case ProfileKind.Linux:
                Line(config, "linux", GrubQuoting.Word(Path(entry.Kernel, entry, "kernel")), GrubQuoting.CommandLine(RenderText.CommandLine(entry.CommandLine, entry)));
                if (entry.Initrds.Count > 0)
                {
                    Line(config, ["initrd", .. entry.Initrds.Select(i => GrubQuoting.Word(Path(i, entry, "initrd")))]);
                }

                break;
            case ProfileKind.Memtest:
                // memtest86+ 6.x boots as a Linux kernel with no initrd on both firmwares: x64.bin through
                // the 32-bit boot protocol (BIOS), x64.efi through the EFI handover (UEFI). memtest86+'s
                // own grub-legacy.cfg / grub-efi.cfg and Debian's /etc/grub.d/20_memtest86+ use linux;
                // linux16 was for memtest86+ 5 and older.
                Line(config, "linux", GrubQuoting.Word(Path(entry.Kernel, entry, "memtest file")), GrubQuoting.CommandLine(RenderText.MemtestCommandLine(entry, plan.SerialPort)));
                break;
            case ProfileKind.LocalDisk:
                AppendLocalDisk(config, plan.IsUefi);
                break;
            case ProfileKind.Chain:
                // UEFI: chainloader starts an EFI program. BIOS: chainloader only loads a 512-byte boot
                // sector; another network boot program (pxelinux.0, undionly.kpxe) needs the PXE stack
                // handed over, which is what pxechainloader (module pxechain) does.
                Line(config, plan.IsUefi ? "chainloader" : "pxechainloader", GrubQuoting.Word(Path(entry.ChainTarget, entry, "chain target")));
                break;
            default:
                throw new ArgumentException($"entry '{entry.Id}': unknown kind {entry.Kind}", nameof(entry));
        }
    }

    /// <summary>
    /// UEFI: <c>exit</c> returns to the boot manager, which tries the next boot option. BIOS: what
    /// <c>exit</c> does depends on the firmware, so the first disk's boot sector is chain-loaded
    /// (<c>biosdisk</c> is loaded first: a netbooted core.0 need not have it, and disk drivers are not
    /// loaded on demand).
    /// </summary>
    private static void AppendLocalDisk(StringBuilder config, bool isUefi)
    {
        if (isUefi)
        {
            Line(config, "exit");
            return;
        }

        Line(config, "insmod", "biosdisk");
        Line(config, "set", "root=(hd0)");
        Line(config, "chainloader", "+1");
        Line(config, "boot");
    }

    private static void Line(StringBuilder config, params string[] words) =>
        config.Append('\t').Append(RenderText.Join(words)).Append('\n');
}
