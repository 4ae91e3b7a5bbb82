using PxeHost.Boot;
using PxeHost.Unix;

namespace PxeHost.Files;

/// <summary>
/// Names mapped to real files anywhere on the system: bootloaders installed by packages, files a
/// plan's profiles name by absolute path. The map is the admin's (or the system's), so its paths
/// may go through symlinks; what is opened must still be a regular file.
/// </summary>
public sealed class NamedFileSource : IFileSource
{
    private readonly Func<string, string?> _lookup;

    public NamedFileSource(string name, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Name = name;
        _lookup = files.GetValueOrDefault;
    }

    /// <summary>A map looked up on every request, for one that changes (a plan reloaded from its file).</summary>
    public NamedFileSource(string name, Func<string, string?> lookup)
    {
        Name = name;
        _lookup = lookup ?? throw new ArgumentNullException(nameof(lookup));
    }

    public string Name { get; }

    /// <summary>The plan's published files (<see cref="IBootFiles.Published"/>).</summary>
    public static NamedFileSource Published(IBootFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new NamedFileSource("plan files", files.Published);
    }

    public FileAnswer Open(string path, FileRequest request)
    {
        if (_lookup(path) is not { } real)
        {
            return FileAnswer.NotMine;
        }

        var handle = UnixFiles.Open(real, Descriptor.ServeFlags, out var error);
        return handle is null ? Descriptor.Failed(error, real) : Descriptor.Accept(handle, real, Name);
    }
}
