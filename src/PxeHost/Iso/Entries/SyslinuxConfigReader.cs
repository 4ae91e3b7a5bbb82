namespace PxeHost.Iso.Entries;

/// <summary>
/// Reads an image's isolinux/syslinux configuration the way isolinux does: the first configuration
/// found in the usual places, INCLUDE/MENU INCLUDE followed (relative paths against the working
/// folder, the main configuration's folder until a CONFIG names another), the last DEFAULT winning,
/// LABEL blocks with KERNEL/LINUX, APPEND and INITRD. Labels marked MENU HIDE are left out; labels
/// whose kernel is a COM32 module (.c32), a boot sector, PXE or COMBOOT image, or LOCALBOOT/CONFIG
/// are counted as not Linux. Paths are relative to the working folder unless they start with '/'.
/// </summary>
internal sealed class SyslinuxConfigReader
{
    /// <summary>Where isolinux and syslinux look for their configuration, in the order they look.</summary>
    public static readonly IReadOnlyList<string> Places =
    [
        "isolinux/isolinux.cfg", "boot/isolinux/isolinux.cfg", "isolinux.cfg",
        "syslinux/syslinux.cfg", "boot/syslinux/syslinux.cfg", "syslinux.cfg",
    ];

    // SYSLINUX decides what a KERNEL line loads by its extension (doc/syslinux.txt, "KERNEL"); these
    // are not Linux kernels, so a PXE loader's `linux` cannot boot them.
    private static readonly string[] NotLinuxExtensions = [".c32", ".0", ".com", ".cbt", ".bs", ".bss"];
    private const int MaxLabels = 1024;

    private readonly ConfigReading _reading;
    private readonly List<SyslinuxLabel> _labels = [];
    private readonly List<string> _open = [];
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);
    private SyslinuxLabel? _current;
    private string? _default;
    private string? _globalAppend;
    private string _folder = string.Empty;
    private readonly List<string> _menus = [];

    public SyslinuxConfigReader(ConfigReading reading) => _reading = reading;

    /// <summary>Labels dropped because they boot something other than a Linux kernel.</summary>
    public int NotLinux { get; private set; }

    /// <summary>The configuration read, or null when the image has none in the usual places.</summary>
    public string? ConfigPath { get; private set; }

    public IReadOnlyList<FoundEntry> Read()
    {
        var config = Places.Select(_reading.FindFile).FirstOrDefault(n => n is not null);
        if (config is null)
        {
            return [];
        }

        ConfigPath = config.Path;
        _folder = ConfigReading.FolderOf(config.Path);
        ReadFile(config.Path, depth: 0, where: config.Path);
        FollowMenuLinks();
        return Entries();
    }

    // A label of type CONFIG opens another menu (Arch's syslinux.cfg picks archiso_sys.cfg this way,
    // Debian's "Help" label opens prompt.cfg): each such file not read yet is read once, after the
    // main configuration, and its labels join the list.
    private void FollowMenuLinks()
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            var label = _labels[i];
            if (label.Type != "config" || label.Kernel is null
                || ResolveName(label.Kernel) is not { } path || _read.Contains(path))
            {
                continue;
            }

            ReadFile(path, depth: 1, where: label.Origin);
        }
    }

    /// <summary>Reads one file; true when a CONFIG switched to another file, which ends this one too.</summary>
    private bool ReadFile(string path, int depth, string where)
    {
        if (_open.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            _reading.Problem($"{where}: INCLUDE loop: {path} is already being read ({string.Join(" -> ", _open)})");
            return false;
        }

        if (depth > _reading.Limits.MaxIncludeDepth)
        {
            _reading.Problem($"{where}: INCLUDE nested deeper than {_reading.Limits.MaxIncludeDepth}; {path} not read");
            return false;
        }

        var read = _reading.ReadText(path, where);
        if (read is null)
        {
            return false;
        }

        _open.Add(read.Value.Node.Path);
        _read.Add(read.Value.Node.Path);
        try
        {
            return ReadLines(read.Value.Node.Path, read.Value.Text, depth);
        }
        finally
        {
            _open.RemoveAt(_open.Count - 1);
        }
    }

    private bool ReadLines(string path, string text, int depth)
    {
        var lines = text.Split('\n');
        var inHelp = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var (keyword, rest) = Split(line);
            if (inHelp)
            {
                inHelp = keyword != "endtext";
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var where = $"{path}:{i + 1}";
            if (keyword == "text" && rest.StartsWith("help", StringComparison.OrdinalIgnoreCase))
            {
                inHelp = true;
            }
            else if (Keyword(keyword, rest, depth, where))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Handles one line; true when a CONFIG switched files.</summary>
    private bool Keyword(string keyword, string rest, int depth, string where)
    {
        switch (keyword)
        {
            case "include":
                return Include(rest, depth, where);
            case "menu":
                return Menu(rest, depth, where);
            case "label":
                StartLabel(rest, where);
                break;
            case "kernel" or "linux":
                SetKernel(keyword, FirstWord(rest));
                break;
            case "boot" or "bss" or "pxe" or "fdimage" or "comboot" or "com32" or "localboot":
                SetKernel(keyword, FirstWord(rest));
                break;
            case "config" when _current is not null:
                SetKernel(keyword, FirstWord(rest));
                break;
            case "config":
                return SwitchConfig(rest, depth, where);
            case "append" when _current is not null:
                _current.Append = rest;
                break;
            case "append":
                _globalAppend = rest;
                break;
            case "initrd" when _current is not null:
                _current.Initrds.AddRange(rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                break;
            case "default":
                _default = rest;
                break;
        }

        return false;
    }

    private bool Menu(string rest, int depth, string where)
    {
        var (sub, subRest) = Split(rest);
        switch (sub)
        {
            case "include":
                return Include(subRest, depth, where);
            case "label" when _current is not null:
                _current.Title = Titled(subRest);
                break;
            case "label" when _menus.Count > 0:
                _menus[^1] = subRest.Replace("^", string.Empty, StringComparison.Ordinal).Trim();
                break;
            case "hide" when _current is not null:
                _current.Hidden = true;
                break;
            case "default" when _current is not null && _menus.Count == 0:
                _current.MenuDefault = true;
                break;
            // MENU BEGIN opens a submenu: the MENU LABEL lines that follow name it, not the label before.
            case "begin":
                _menus.Add(subRest);
                _current = null;
                break;
            case "end" when _menus.Count > 0:
                _menus.RemoveAt(_menus.Count - 1);
                _current = null;
                break;
        }

        return false;
    }

    private bool Include(string rest, int depth, string where)
    {
        var path = ResolveName(FirstWord(rest));
        if (path is null)
        {
            _reading.Problem($"{where}: INCLUDE {rest} is not in the image");
            return false;
        }

        return ReadFile(path, depth + 1, where);
    }

    // CONFIG file [folder] restarts with another file (doc/syslinux.txt): what was read so far is
    // dropped, and the optional folder becomes the working folder.
    private bool SwitchConfig(string rest, int depth, string where)
    {
        var words = rest.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
        var path = words.Length == 0 ? null : ResolveName(words[0]);
        if (path is null)
        {
            _reading.Problem($"{where}: CONFIG {rest} names no file in the image");
            return false;
        }

        _labels.Clear();
        _current = null;
        _default = null;
        _globalAppend = null;
        if (words.Length > 1 && ConfigReading.Normalize(StripServer(words[1]), _folder) is { } folder)
        {
            _folder = folder;
        }

        ReadFile(path, depth + 1, where);
        return true;
    }

    private void StartLabel(string name, string where)
    {
        if (_labels.Count >= MaxLabels)
        {
            if (_labels.Count == MaxLabels)
            {
                _reading.Problem($"{where}: more than {MaxLabels} labels; the rest are ignored");
            }

            _current = null;
            return;
        }

        _current = new SyslinuxLabel(name.Trim(), where) { Title = Titled(name) };
        _labels.Add(_current);
    }

    private void SetKernel(string type, string file)
    {
        if (_current is not null)
        {
            _current.Type = type;
            _current.Kernel = file;
        }
    }

    private List<FoundEntry> Entries()
    {
        var entries = new List<FoundEntry>();
        foreach (var label in Ordered())
        {
            if (label.Hidden || label.Kernel is null)
            {
                continue;
            }

            if (label.Type == "config")
            {
                continue;
            }

            if (label.Type is not ("kernel" or "linux")
                || NotLinuxExtensions.Any(e => label.Kernel.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                NotLinux++;
                continue;
            }

            if (Entry(label) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private IEnumerable<SyslinuxLabel> Ordered()
    {
        var first = _labels.FirstOrDefault(l => string.Equals(l.Name, _default?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? _labels.FirstOrDefault(l => l.MenuDefault);
        return first is null ? _labels : _labels.Where(l => l != first).Prepend(first);
    }

    private FoundEntry? Entry(SyslinuxLabel label)
    {
        var append = (label.Append ?? _globalAppend ?? string.Empty).Trim();
        var words = append == "-" ? [] : KernelArguments.Split(append);
        var initrdWords = words.Where(w => w.StartsWith("initrd=", StringComparison.OrdinalIgnoreCase)).ToArray();
        var initrds = initrdWords.Length > 0
            ? initrdWords[^1]["initrd=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries)
            : label.Initrds.ToArray();
        var arguments = string.Join(' ', words.Except(initrdWords));

        var kernel = Resolve(label.Kernel!, label, "kernel");
        var resolved = initrds.Select(i => Resolve(i, label, "initrd")).ToArray();
        if (kernel is null || resolved.Any(r => r is null))
        {
            return null;
        }

        return new FoundEntry(label.Title, kernel, resolved!, arguments, label.Origin);
    }

    private string? Resolve(string file, SyslinuxLabel label, string what)
    {
        var path = ResolveName(file);
        if (path is null)
        {
            _reading.Problem($"{label.Origin}: label {label.Name}: {what} {file} is not in the image");
        }

        return path;
    }

    /// <summary>
    /// A file named in the configuration, in the image's spelling: relative to the working folder,
    /// else (for layouts written for a PXELINUX root, like Debian's netboot menus) to the image's root.
    /// </summary>
    private string? ResolveName(string file)
    {
        var name = StripServer(file);
        var node = _reading.FindFile(ConfigReading.Normalize(name, _folder))
            ?? (name.StartsWith('/') ? null : _reading.FindFile(ConfigReading.Normalize(name, string.Empty)));
        return node?.Path;
    }

    /// <summary>A MENU LABEL without its '^' hotkey marks, after the titles of the submenus around it.</summary>
    private string Titled(string label)
    {
        var title = label.Replace("^", string.Empty, StringComparison.Ordinal).Trim();
        return _menus.Count == 0 ? title : $"{string.Join(" > ", _menus)} > {title}";
    }

    // PXELINUX's "::file" names a file on the boot server; inside an image it is the image's root.
    private static string StripServer(string path) => path.StartsWith("::", StringComparison.Ordinal) ? "/" + path[2..] : path;

    private static string FirstWord(string text) =>
        text.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;

    private static (string Keyword, string Remainder) Split(string line)
    {
        var end = line.IndexOfAny([' ', '\t']);
        return end < 0
            ? (line.ToLowerInvariant(), string.Empty)
            : (line[..end].ToLowerInvariant(), line[(end + 1)..].Trim());
    }
}
