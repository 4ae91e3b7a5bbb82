namespace PxeHost.Iso.Entries;

/// <summary>
/// Reads an image's GRUB configuration: each grub.cfg in the usual places is run with its own
/// variables; <c>set</c> and <c>name=value</c> assign, <c>$name</c>/<c>${name}</c> expand, a
/// leading device like <c>($root)</c>, <c>(cd)</c> or <c>(hd0,msdos1)</c> is removed from paths,
/// <c>source</c>/<c>configfile</c> read another file of the image (bounded depth, loops refused),
/// <c>menuentry</c> blocks give entries and <c>submenu</c> blocks are walked. Conditions are not
/// evaluated: every branch of an if/elif/else is read, and an entry found inside one says so.
/// An entry that boots with chainloader, halt, reboot, fwsetup, exit (or anything but a Linux kernel)
/// is counted as not Linux.
/// </summary>
internal sealed class GrubConfigReader
{
    /// <summary>Where images keep their GRUB configuration (BIOS El Torito, EFI, loop-mounted boot).</summary>
    public static readonly IReadOnlyList<string> Places =
    [
        "boot/grub/grub.cfg", "EFI/BOOT/grub.cfg", "boot/grub/loopback.cfg", "boot/grub2/grub.cfg",
        "grub/grub.cfg", "EFI/fedora/grub.cfg", "EFI/ubuntu/grub.cfg", "EFI/debian/grub.cfg",
    ];

    private const int MaxBlockDepth = 16;
    private readonly ConfigReading _reading;
    private readonly List<FoundEntry> _entries = [];
    private readonly List<string> _open = [];
    private bool _fullReported;

    public GrubConfigReader(ConfigReading reading) => _reading = reading;

    public int NotLinux { get; private set; }

    /// <summary>The configurations found in <see cref="Places"/>.</summary>
    public List<string> ConfigPaths { get; } = [];

    public IReadOnlyList<FoundEntry> Read()
    {
        foreach (var place in Places)
        {
            if (_reading.FindFile(place) is { } node && !ConfigPaths.Contains(node.Path, StringComparer.Ordinal))
            {
                ConfigPaths.Add(node.Path);
                var variables = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["prefix"] = "/" + ConfigReading.FolderOf(node.Path),
                };
                RunFile(node.Path, new GrubScope(variables, string.Empty, 0), depth: 0, where: node.Path);
            }
        }

        return _entries;
    }

    private void RunFile(string path, GrubScope scope, int depth, string where)
    {
        if (_open.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            _reading.Problem($"{where}: source loop: {path} is already being read ({string.Join(" -> ", _open)})");
            return;
        }

        if (depth > _reading.Limits.MaxIncludeDepth)
        {
            _reading.Problem($"{where}: source/configfile nested deeper than {_reading.Limits.MaxIncludeDepth}; {path} not read");
            return;
        }

        if (_reading.ReadText(path, where) is not { } read)
        {
            return;
        }

        _open.Add(read.Node.Path);
        try
        {
            var commands = GrubTokenizer.Tokenize(read.Text, _reading.Problem, read.Node.Path);
            RunBlock(commands, 0, commands.Count, scope, new GrubFile(read.Node.Path, depth));
        }
        finally
        {
            _open.RemoveAt(_open.Count - 1);
        }
    }

    private void RunBlock(IReadOnlyList<GrubCommand> commands, int start, int end, GrubScope scope, GrubFile file)
    {
        var index = start;
        while (index < end)
        {
            var command = commands[index];
            var words = scope.WithoutKeywords(command.Words);
            var name = words.Count == 0 ? string.Empty : words[0].Expand(scope.Variables);
            var where = $"{file.Path}:{command.Line}";
            if (words.Count > 0 && words[^1].IsBare("{"))
            {
                var close = FindClose(commands, index + 1, end);
                if (close == end)
                {
                    _reading.Problem($"{where}: {{ is never closed; the block runs to the end of the file");
                }

                Block(name, words, commands, index + 1, close, scope, file, where);
                index = Math.Min(close + 1, end);
                continue;
            }

            if (words.Count > 0 && words[0].IsBare("}"))
            {
                _reading.Problem($"{where}: }} closes no block");
            }
            else
            {
                Command(name, words, scope, file, where);
            }

            index++;
        }
    }

    private void Block(string name, IReadOnlyList<GrubWord> words, IReadOnlyList<GrubCommand> commands, int start, int end, GrubScope scope, GrubFile file, string where)
    {
        if (name is not ("menuentry" or "submenu"))
        {
            return;
        }

        var title = Title(words, scope);
        if (name == "menuentry")
        {
            Entry(new GrubEntryBody(commands, start, end), scope.Child($"{scope.TitlePrefix}{title}"), where);
        }
        else if (scope.Depth >= MaxBlockDepth)
        {
            _reading.Problem($"{where}: submenus nested deeper than {MaxBlockDepth}; not read");
        }
        else
        {
            RunBlock(commands, start, end, scope.Child($"{scope.TitlePrefix}{title} > "), file);
        }
    }

    private void Command(string name, IReadOnlyList<GrubWord> words, GrubScope scope, GrubFile file, string where)
    {
        switch (name)
        {
            case "set":
                scope.Assign(words.Skip(1));
                break;
            case "source" or "." or "configfile" when words.Count > 1:
                var path = GrubScope.ImagePath(words[1].Expand(scope.Variables));
                if (path is null)
                {
                    _reading.Problem($"{where}: {name} {words[1].Expand(scope.Variables)} climbs out of the image");
                    return;
                }

                // configfile starts a new context (GRUB manual, "configfile"); source shares this one.
                RunFile(path, name == "configfile" ? scope.Child(scope.TitlePrefix) : scope, file.Depth + 1, where);
                break;
            default:
                if (words.Count == 1 && GrubScope.IsAssignment(name))
                {
                    scope.Assign(words);
                }

                break;
        }
    }

    private void Entry(GrubEntryBody body, GrubScope scope, string where)
    {
        var found = body.Run(scope);
        if (found.Kernel is null)
        {
            NotLinux += found.OtherLoader ? 1 : 0;
            return;
        }

        var kernel = Resolve(found.Kernel, where, "kernel");
        var initrds = found.Initrds.Select(i => Resolve(i, where, "initrd")).ToArray();
        if (kernel is null || initrds.Any(i => i is null))
        {
            return;
        }

        if (_entries.Count >= _reading.Limits.MaxEntries * 4)
        {
            if (!_fullReported)
            {
                _reading.Problem($"{where}: more than {_reading.Limits.MaxEntries * 4} menu entries; the rest are ignored");
                _fullReported = true;
            }

            return;
        }

        var note = found.Conditional || scope.Conditional
            ? "found inside a GRUB if block: its condition was not evaluated"
            : string.Empty;
        _entries.Add(new FoundEntry(scope.TitlePrefix, kernel, initrds!, found.Arguments, where) { Note = note });
    }

    private string? Resolve(string file, string where, string what)
    {
        var path = GrubScope.ImagePath(file);
        var node = _reading.FindFile(path);
        if (node is null)
        {
            _reading.Problem($"{where}: {what} {file} is not in the image");
        }

        return node?.Path;
    }

    // menuentry/submenu TITLE [--class C] [--users U] [--hotkey K] [--id I] [--unrestricted] … {
    private static string Title(IReadOnlyList<GrubWord> words, GrubScope scope)
    {
        for (var i = 1; i < words.Count - 1; i++)
        {
            var word = words[i].Expand(scope.Variables);
            if (word is "--class" or "--users" or "--hotkey" or "--id")
            {
                i++;
            }
            else if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                return word;
            }
        }

        return "(untitled)";
    }

    /// <summary>The index of the "}" that closes the block opened just before <paramref name="start"/>, or <paramref name="end"/>.</summary>
    private static int FindClose(IReadOnlyList<GrubCommand> commands, int start, int end)
    {
        var depth = 1;
        for (var i = start; i < end; i++)
        {
            var words = commands[i].Words;
            if (words[0].IsBare("}") && --depth == 0)
            {
                return i;
            }

            if (words[^1].IsBare("{"))
            {
                depth++;
            }
        }

        return end;
    }
}
