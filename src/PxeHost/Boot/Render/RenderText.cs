using System.Globalization;
using System.Text;
using PxeHost.Boot.Plan;

namespace PxeHost.Boot.Render;

/// <summary>
/// What the three renderers share: checking a plan, the header comment, and the rules for text that
/// lands on one line of a loader's file. Every loader reads its file line by line, so a line break
/// inside a title or a command line would start a directive of its own.
/// </summary>
internal static class RenderText
{
    /// <summary>The baud rate every loader and memtest86+ is told for the serial console.</summary>
    public const int SerialSpeed = 115200;

    /// <summary>Checks what every renderer relies on and returns the default entry.</summary>
    public static ResolvedEntry Validate(ClientPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Entries is not { Count: > 0 })
        {
            throw new ArgumentException("the plan has no entries", nameof(plan));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in plan.Entries)
        {
            if (!EntryId.IsValid(entry.Id))
            {
                throw new ArgumentException($"entry id '{entry.Id}' is not valid: a letter or _, then letters, digits, _ or -", nameof(plan));
            }

            if (!ids.Add(entry.Id))
            {
                throw new ArgumentException($"entry id '{entry.Id}' appears twice", nameof(plan));
            }
        }

        // memtest86+ knows ttyS0–3 (0x3F8, 0x2F8, 0x3E8, 0x2E8); PXELINUX and GRUB take the same index.
        if (plan.SerialPort is < 0 or > 3)
        {
            throw new ArgumentException($"serial port {plan.SerialPort} is not 0-3 (ttyS0-ttyS3)", nameof(plan));
        }

        return plan.Entries.FirstOrDefault(e => e.Id == plan.DefaultEntry)
            ?? throw new ArgumentException($"default entry '{plan.DefaultEntry}' is not one of the entries", nameof(plan));
    }

    /// <summary>A zero timeout boots the default at once, with no menu.</summary>
    public static bool ShowsMenu(ClientPlan plan) => plan.Timeout != TimeSpan.Zero;

    /// <summary>The header comment's text: "PxeHost: TITLE for CLIENT".</summary>
    public static string Header(ClientPlan plan) =>
        OneLine(plan.Client is { Length: > 0 } client ? $"PxeHost: {plan.Title} for {client}" : $"PxeHost: {plan.Title}");

    /// <summary>One comment line per entry left out for this client ("# left out: title: why"); none when all are offered.</summary>
    public static void AppendLeftOut(StringBuilder text, ClientPlan plan)
    {
        foreach (var left in plan.LeftOut)
        {
            text.Append("# left out: ").Append(OneLine(left)).Append('\n');
        }
    }

    /// <summary>Display text (titles, comments): control characters, line breaks among them, become spaces.</summary>
    public static string OneLine(string? text)
    {
        var line = new StringBuilder(text ?? string.Empty);
        for (var i = 0; i < line.Length; i++)
        {
            if (char.IsControl(line[i]))
            {
                line[i] = ' ';
            }
        }

        return line.ToString().Trim();
    }

    /// <summary>
    /// A file the loader fetches (URL or TFTP path): required, and without whitespace — PXELINUX
    /// ends a file name at the first blank, iPXE and GRUB split arguments there.
    /// </summary>
    public static string File(string? reference, ResolvedEntry entry, string what)
    {
        if (string.IsNullOrEmpty(reference))
        {
            throw new ArgumentException($"entry '{entry.Id}' ({entry.Kind}) has no {what}", nameof(entry));
        }

        if (reference.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"entry '{entry.Id}': {what} '{reference}' contains whitespace or control characters", nameof(entry));
        }

        return reference;
    }

    /// <summary>A command line is passed as it is, so it must stay on its line.</summary>
    public static string CommandLine(string? commandLine, ResolvedEntry entry)
    {
        var text = commandLine ?? string.Empty;
        if (text.Any(char.IsControl))
        {
            throw new ArgumentException($"entry '{entry.Id}': the command line contains a line break or control character", nameof(entry));
        }

        return text.Trim();
    }

    /// <summary>
    /// memtest86+ 6.x takes <c>console=ttySN,BAUD</c> (README "Boot Options") and is otherwise silent on a
    /// serial-only machine, so the plan's serial port is added unless the entry names a console itself.
    /// </summary>
    public static string MemtestCommandLine(ResolvedEntry entry, int? serialPort)
    {
        var commandLine = CommandLine(entry.CommandLine, entry);
        if (serialPort is not { } port || commandLine.Contains("console=", StringComparison.Ordinal))
        {
            return commandLine;
        }

        return Join(commandLine, string.Create(CultureInfo.InvariantCulture, $"console=ttyS{port},{SerialSpeed}"));
    }

    /// <summary>The entry's initrd names, one per initrd: the plan's, else each file's last path segment.</summary>
    public static IReadOnlyList<string> InitrdNames(ResolvedEntry entry)
    {
        var names = new List<string>(entry.Initrds.Count);
        for (var i = 0; i < entry.Initrds.Count; i++)
        {
            var file = File(entry.Initrds[i], entry, "initrd");
            var name = i < entry.InitrdNames.Count && entry.InitrdNames[i] is { Length: > 0 } given ? given : LastSegment(file);
            names.Add(File(name, entry, "initrd name"));
        }

        return names;
    }

    public static string Join(params string[] parts) => string.Join(' ', parts.Where(p => p.Length > 0));

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whole units of <paramref name="unit"/>, rounded up so that a short timeout never becomes none.</summary>
    public static long CeilingUnits(TimeSpan timeout, TimeSpan unit) => (timeout.Ticks + unit.Ticks - 1) / unit.Ticks;

    private static string LastSegment(string file)
    {
        var path = Uri.TryCreate(file, UriKind.Absolute, out var uri) && !uri.IsFile ? uri.AbsolutePath : file;
        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }
}
