using System.CommandLine;
using System.Text.Json;
using PxeHost.Doctor;
using PxeHost.Iso;
using PxeHost.Unix;
using Spectre.Console;

namespace PxeHost.Cli;

/// <summary>
/// <c>pxehost iso add|list|remove</c>: the images of DATA_DIR/isos. add links the file there (never
/// copies it) and indexes it, hashing with a progress bar; list shows what a server would offer;
/// remove takes the link away, never the file it leads to.
/// </summary>
internal static class IsoCommand
{
    private const string DefaultDataDir = "/var/lib/pxehost";

    /// <param name="libraries">The library of a data folder (default: read with <see cref="IsoReaders"/>).</param>
    /// <param name="output">Where results go (default: standard output, with a progress bar on a terminal).</param>
    /// <param name="errors">Where problems and plain progress go (default: standard error).</param>
    public static Command Create(Func<string, IsoLibrary>? libraries = null, TextWriter? output = null, TextWriter? errors = null)
    {
        var io = new Io(libraries ?? (data => IsoReaders.Library(data)), output, errors);
        var command = new Command("iso", "Images booted directly, served from inside: DATA_DIR/isos holds them (a file dropped there is one too).");
        command.Subcommands.Add(Add(io));
        command.Subcommands.Add(List(io));
        command.Subcommands.Add(Remove(io));
        return command;
    }

    private static Option<string> DataDir() => new("--data-dir") { HelpName = "DIR", Description = "The data folder; its isos/ holds the images.", DefaultValueFactory = _ => DefaultDataDir };

    private static Command Add(Io io)
    {
        var file = new Argument<string>("FILE") { Description = "The image (.iso): linked into DATA_DIR/isos, never copied." };
        var name = new Option<string?>("--name") { HelpName = "NAME", Description = "The name it is served under (iso/NAME/…): letters, digits, '.', '-', '_'. Default: the file's name without .iso." };
        var user = new Option<string?>("--user") { HelpName = "NAME", Description = $"The user the server runs as, who must be able to read the image (default: {ServerUser.DefaultUser} when run as root, else you)." };
        var dataDir = DataDir();
        var command = new Command("add", "Import an image: link it into DATA_DIR/isos, find its boot entries and hash it.") { file, name, user, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var requested = parse.GetValue(user);
            var account = UnixAccount.Current.UserId != 0 ? UnixAccount.Current : UnixAccount.Find(requested ?? ServerUser.DefaultUser);
            if (account is null)
            {
                await io.Errors.WriteLineAsync($"pxehost iso add: --user: there is no user '{requested ?? ServerUser.DefaultUser}' on this system").ConfigureAwait(false);
                return 2;
            }

            var library = io.Libraries(parse.GetValue(dataDir)!);
            string? problem = null;
            var image = await io.WithProgressAsync(progress => library.Add(
                parse.GetValue(file)!, parse.GetValue(name), path => Unreadable(path, account), progress, cancellationToken, out problem)).ConfigureAwait(false);
            if (image is null)
            {
                await io.Errors.WriteLineAsync($"pxehost iso add: {problem}").ConfigureAwait(false);
                return 2;
            }

            await io.Output.WriteLineAsync($"added {image.Name}: {library.Folder}/{image.Name}{IsoName.Extension} -> {image.Target}").ConfigureAwait(false);
            await io.PrintAsync([image]).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command List(Io io)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of the images with their entries." };
        var dataDir = DataDir();
        var command = new Command("list", "List the images: name, size, label, SHA-256, and each boot entry with its family, method, RAM needed, firmware and note; a refused image with its reason.")
        {
            json, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var library = io.Libraries(parse.GetValue(dataDir)!);
            var images = await io.WithProgressAsync(progress => library.Scan(progress, cancellationToken)).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await io.Output.WriteLineAsync(JsonSerializer.Serialize([.. images], IsoIndexJsonContext.Default.ListIsoImage)).ConfigureAwait(false);
                return 0;
            }

            if (images.Count == 0)
            {
                await io.Output.WriteLineAsync($"no images in {library.Folder} (pxehost iso add FILE.iso imports one)").ConfigureAwait(false);
            }

            await io.PrintAsync(images).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Remove(Io io)
    {
        var name = new Argument<string>("NAME") { Description = "The image's name, as iso list shows it." };
        var dataDir = DataDir();
        var command = new Command("remove", "Remove an image: its link in DATA_DIR/isos (the file it leads to stays), or the file itself when it was put there.") { name, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var library = io.Libraries(parse.GetValue(dataDir)!);
            if (library.Remove(parse.GetValue(name)!, out var removed) is { } problem)
            {
                await io.Errors.WriteLineAsync($"pxehost iso remove: {problem}").ConfigureAwait(false);
                return 2;
            }

            await io.Output.WriteLineAsync($"removed {removed}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Why the server's user could not read the image, through the path given and the file it leads to; null when it can.</summary>
    private static string? Unreadable(string path, UnixAccount account)
    {
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        var denied = ReadAccess.Denied(path, account) ?? ReadAccess.Denied(target, account);
        return denied is null ? null : $"the server's user cannot read the image: {denied} (chmod o+r, or add it as a file that user can read)";
    }

    /// <summary>Where the commands read images from and write to.</summary>
    private sealed class Io(Func<string, IsoLibrary> libraries, TextWriter? output, TextWriter? errors)
    {
        public Func<string, IsoLibrary> Libraries { get; } = libraries;

        public TextWriter Output => output ?? Console.Out;

        public TextWriter Errors => errors ?? Console.Error;

        /// <summary>A progress bar only on the real terminal: a file, a pipe or a given writer gets plain lines.</summary>
        private bool ToTerminal => output is null && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

        public async Task PrintAsync(IReadOnlyList<IsoImage> images)
        {
            foreach (var line in images.SelectMany(IsoListing.Lines))
            {
                await Output.WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> with a progress bar per image hashed (Spectre.Console) on a terminal;
        /// plain lines on standard error, every tenth, when the output is a file or a pipe.
        /// </summary>
        public async Task<T> WithProgressAsync<T>(Func<IProgress<IsoHashProgress>, T> work)
        {
            if (!ToTerminal)
            {
                return await Task.Run(() => work(new PlainHashProgress(Errors))).ConfigureAwait(false);
            }

            return await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(context => Task.Run(() => work(new BarHashProgress(context)))).ConfigureAwait(false);
        }
    }

    private sealed class BarHashProgress(ProgressContext context) : IProgress<IsoHashProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

        public void Report(IsoHashProgress value)
        {
            if (!_tasks.TryGetValue(value.Name, out var task))
            {
                task = _tasks[value.Name] = context.AddTask($"hashing {Markup.Escape(value.Name)}", maxValue: Math.Max(1, value.Total));
            }

            task.Value = value.Done;
        }
    }

    private sealed class PlainHashProgress(TextWriter writer) : IProgress<IsoHashProgress>
    {
        private int _lastTenth = -1;

        public void Report(IsoHashProgress value)
        {
            var tenth = value.Total == 0 ? 10 : (int)(value.Done * 10 / value.Total);
            if (value.Done == 0)
            {
                _lastTenth = -1;
            }

            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                writer.WriteLine($"hashing {value.Name}: {tenth * 10}% of {IsoListing.Size(value.Total)}");
            }
        }
    }
}
