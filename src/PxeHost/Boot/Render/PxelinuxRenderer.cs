using System.Text;
using PxeHost.Boot.Plan;

namespace PxeHost.Boot.Render;

/// <summary>
/// A client's plan as a PXELINUX configuration file (syslinux 6: doc/syslinux.txt, doc/menu.txt,
/// doc/pxelinux.txt), the same text for BIOS pxelinux.0 and UEFI syslinux.efi.
/// <para>
/// Timeouts: PXELINUX counts <c>TIMEOUT</c> in tenths of a second and reads 0 as "wait forever", so
/// a zero timeout cannot be written as <c>TIMEOUT 0</c>. It is written as no menu at all: no <c>UI</c>,
/// <c>PROMPT 0</c> and <c>DEFAULT id</c>, which boots the default at once (the boot: prompt only
/// appears if Shift or Alt is held, and then waits, as someone asked for it). Every label is still
/// there for that prompt. Any other timeout shows menu.c32 and is rounded up to whole tenths (at
/// least 1), at most 35996, "just below one hour", the largest PXELINUX accepts; none waits forever.
/// </para>
/// </summary>
public static class PxelinuxRenderer
{
    /// <summary>The largest <c>TIMEOUT</c> PXELINUX accepts (syslinux.txt), in tenths of a second.</summary>
    internal const long MaxTimeout = 35996;

    public static string Render(ClientPlan plan)
    {
        var defaultEntry = RenderText.Validate(plan);
        var config = new StringBuilder();
        config.Append("# ").Append(RenderText.Header(plan)).Append('\n');
        RenderText.AppendLeftOut(config, plan);
        if (plan.SerialPort is { } port)
        {
            // SERIAL must come before any other directive to be sure to take effect (syslinux.txt).
            config.Append("SERIAL ").Append(RenderText.Number(port)).Append(' ').Append(RenderText.Number(RenderText.SerialSpeed)).Append('\n');
        }

        if (RenderText.ShowsMenu(plan))
        {
            config.Append("UI menu.c32\n");
            config.Append("MENU TITLE ").Append(RenderText.OneLine(plan.Title)).Append('\n');
            config.Append("TIMEOUT ").Append(RenderText.Number(Tenths(plan.Timeout))).Append('\n');
        }
        else
        {
            config.Append("PROMPT 0\n");
            config.Append("TIMEOUT 0\n");
        }

        config.Append("DEFAULT ").Append(defaultEntry.Id).Append('\n');
        foreach (var entry in plan.Entries)
        {
            config.Append('\n');
            AppendEntry(config, entry, entry.Id == defaultEntry.Id, plan.SerialPort);
        }

        return config.ToString();
    }

    /// <summary>TIMEOUT for a shown menu: null waits forever (0); otherwise whole tenths, 1 to 35996.</summary>
    internal static long Tenths(TimeSpan? timeout) =>
        timeout is { } value ? Math.Clamp(RenderText.CeilingUnits(value, TimeSpan.FromMilliseconds(100)), 1, MaxTimeout) : 0;

    private static void AppendEntry(StringBuilder config, ResolvedEntry entry, bool isDefault, int? serialPort)
    {
        config.Append("LABEL ").Append(entry.Id).Append('\n');
        config.Append("  MENU LABEL ").Append(RenderText.OneLine(entry.Title)).Append('\n');
        if (isDefault)
        {
            // menu.c32 highlights and times out to the MENU DEFAULT entry; DEFAULT serves the prompt.
            config.Append("  MENU DEFAULT\n");
        }

        switch (entry.Kind)
        {
            case ProfileKind.Linux:
                AppendLinux(config, entry);
                break;
            case ProfileKind.Memtest:
                // memtest86+ 6.x must be loaded with LINUX: KERNEL picks the loader by extension, and
                // takes a .bin for a boot sector, which does nothing (checked under QEMU, NETBOOT-LAB.md).
                config.Append("  LINUX ").Append(RenderText.File(entry.Kernel, entry, "memtest file")).Append('\n');
                AppendLine(config, "  APPEND ", RenderText.MemtestCommandLine(entry, serialPort));
                break;
            case ProfileKind.LocalDisk:
                // BIOS: hands back to the PXE ROM and BIOS, which boot the next device; syslinux.efi
                // returns an error to the boot manager, which tries the next boot option. Same directive.
                config.Append("  LOCALBOOT 0\n");
                break;
            case ProfileKind.Chain:
                // KERNEL picks by extension: .0 runs as a PXE boot program, .c32 as a module. Chain
                // targets for PXELINUX should be such files (an iPXE .kpxe can be served as NAME.0).
                config.Append("  KERNEL ").Append(RenderText.File(entry.ChainTarget, entry, "chain target")).Append('\n');
                break;
            default:
                throw new ArgumentException($"entry '{entry.Id}': unknown kind {entry.Kind}", nameof(entry));
        }
    }

    /// <summary>
    /// LINUX rather than KERNEL: KERNEL guesses the file type from the extension (.bin and .bs boot
    /// sectors, .img floppy images, .0 PXE programs, .c32 modules), LINUX always boots a Linux kernel.
    /// INITRD takes several files separated by commas and adds <c>initrd=</c> to the command line.
    /// </summary>
    private static void AppendLinux(StringBuilder config, ResolvedEntry entry)
    {
        config.Append("  LINUX ").Append(RenderText.File(entry.Kernel, entry, "kernel")).Append('\n');
        if (entry.Initrds.Count > 0)
        {
            config.Append("  INITRD ").AppendJoin(',', entry.Initrds.Select(i => RenderText.File(i, entry, "initrd"))).Append('\n');
        }

        AppendLine(config, "  APPEND ", RenderText.CommandLine(entry.CommandLine, entry));
    }

    private static void AppendLine(StringBuilder config, string directive, string value)
    {
        if (value.Length > 0)
        {
            config.Append(directive).Append(value).Append('\n');
        }
    }
}
