using System.Text;
using PxeHost.Boot.Plan;

namespace PxeHost.Boot.Render;

/// <summary>
/// A client's plan as an iPXE script (ipxe.org/scripting, /cmd/menu, /cmd/item, /cmd/choose).
/// With a zero timeout the default entry's commands are the whole script; otherwise a menu whose
/// <c>choose</c> waits the timeout (none: forever) and falls back to the default on Esc too, then one
/// label per entry. A failed command goes to <c>pxehost.failed</c> rather than ending the script:
/// iPXE ends a script at the first failing command, which would leave the menu for good.
/// Internal labels contain a <c>.</c>, which entry ids cannot, so they never collide.
/// </summary>
public static class IpxeRenderer
{
    private const string MenuLabel = "pxehost.menu";
    private const string FailedLabel = "pxehost.failed";
    private const string OrFail = " || goto " + FailedLabel;

    public static string Render(ClientPlan plan)
    {
        var defaultEntry = RenderText.Validate(plan);
        var script = new StringBuilder("#!ipxe\n");
        script.Append("# ").Append(RenderText.Header(plan)).Append('\n');
        RenderText.AppendLeftOut(script, plan);
        if (!RenderText.ShowsMenu(plan))
        {
            AppendEntry(script, defaultEntry, plan);
            script.Append('\n').Append(':').Append(FailedLabel).Append('\n')
                .Append("echo PxeHost: could not boot ").Append(Text(defaultEntry.Title)).Append("; back to the firmware in 10 seconds\n")
                .Append("sleep 10\n")
                .Append("exit 1\n");
            return script.ToString();
        }

        AppendMenu(script, plan);
        foreach (var entry in plan.Entries)
        {
            script.Append('\n').Append(':').Append(entry.Id).Append('\n');
            AppendEntry(script, entry, plan);
        }

        script.Append('\n').Append(':').Append(FailedLabel).Append('\n')
            .Append("echo PxeHost: could not boot ${selected}; back to the menu in 10 seconds\n")
            .Append("imgfree\n")
            .Append("sleep 10\n")
            .Append("goto ").Append(MenuLabel).Append('\n');
        return script.ToString();
    }

    /// <summary>
    /// iPXE expands <c>${name}</c> in every command, titles included, and has no escape for it; a
    /// literal <c>${</c> in a title is broken up so it shows as written instead of expanding to nothing.
    /// </summary>
    internal static string Text(string title) => RenderText.OneLine(title).Replace("${", "$ {", StringComparison.Ordinal);

    private static void AppendMenu(StringBuilder script, ClientPlan plan)
    {
        script.Append(':').Append(MenuLabel).Append('\n');
        script.Append("menu ").Append(Text(plan.Title)).Append('\n');
        foreach (var entry in plan.Entries)
        {
            script.Append("item ").Append(entry.Id).Append(' ').Append(Text(entry.Title)).Append('\n');
        }

        // choose: --timeout is in milliseconds and 0 means none; on Esc it fails, and the default boots.
        script.Append("choose");
        if (plan.Timeout is { } timeout)
        {
            script.Append(" --timeout ").Append(RenderText.Number(Math.Min(RenderText.CeilingUnits(timeout, TimeSpan.FromMilliseconds(1)), int.MaxValue)));
        }

        script.Append(" --default ").Append(plan.DefaultEntry).Append(" selected || set selected ").Append(plan.DefaultEntry).Append('\n');
        script.Append("goto ${selected}\n");
    }

    private static void AppendEntry(StringBuilder script, ResolvedEntry entry, ClientPlan plan)
    {
        switch (entry.Kind)
        {
            case ProfileKind.Linux:
                AppendLinux(script, entry);
                break;
            case ProfileKind.Memtest:
                // memtest86+x64.bin is a Linux zImage (BIOS), memtest86+x64.efi an EFI program: iPXE boots either with kernel + boot.
                script.Append(RenderText.Join("kernel", RenderText.File(entry.Kernel, entry, "memtest file"), RenderText.MemtestCommandLine(entry, plan.SerialPort)))
                    .Append(OrFail).Append('\n');
                script.Append("boot").Append(OrFail).Append('\n');
                break;
            case ProfileKind.LocalDisk:
                AppendLocalDisk(script, plan.IsUefi);
                break;
            case ProfileKind.WholeImage:
                // iPXE reads the image over HTTP with ranges and boots it as a SAN disk (El Torito for an ISO): nothing is loaded whole into RAM.
                script.Append("sanboot ").Append(RenderText.File(entry.Kernel, entry, "image")).Append(OrFail).Append('\n');
                break;
            case ProfileKind.Chain:
                script.Append("chain ").Append(RenderText.File(entry.ChainTarget, entry, "chain target")).Append(OrFail).Append('\n');
                break;
            default:
                throw new ArgumentException($"entry '{entry.Id}': unknown kind {entry.Kind}", nameof(entry));
        }
    }

    /// <summary>
    /// Each initrd is registered under a name and named again as <c>initrd=NAME</c> on the command line:
    /// on UEFI the kernel's EFI stub loads initrds by that name from iPXE's file system; on BIOS iPXE
    /// hands them over itself and the argument is harmless.
    /// </summary>
    private static void AppendLinux(StringBuilder script, ResolvedEntry entry)
    {
        var kernel = RenderText.File(entry.Kernel, entry, "kernel");
        var names = RenderText.InitrdNames(entry);
        var arguments = RenderText.Join([.. names.Select(n => "initrd=" + n), RenderText.CommandLine(entry.CommandLine, entry)]);
        script.Append(RenderText.Join("kernel", kernel, arguments)).Append(OrFail).Append('\n');
        for (var i = 0; i < names.Count; i++)
        {
            script.Append("initrd --name ").Append(names[i]).Append(' ').Append(entry.Initrds[i]).Append(OrFail).Append('\n');
        }

        script.Append("boot").Append(OrFail).Append('\n');
    }

    /// <summary>
    /// UEFI: <c>exit</c> hands back to the boot manager, which tries the next boot option (the disk).
    /// BIOS: <c>exit</c> returns to the BIOS, and some BIOSes halt there instead of trying the next
    /// device (ipxe.org/appnote/work_around_bios_halting_on_ipxe_exit), so the first disk is booted
    /// directly with <c>sanboot --no-describe --drive 0x80</c> (ipxe.org/cmd/sanboot, "Boot from local
    /// drive 0x80"); only when that fails — no disk, no boot sector — does it fall back to <c>exit</c>.
    /// </summary>
    private static void AppendLocalDisk(StringBuilder script, bool isUefi) =>
        script.Append(isUefi ? "exit\n" : "sanboot --no-describe --drive 0x80 || exit\n");
}
