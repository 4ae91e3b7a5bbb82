using PxeHost.Boot;

namespace PxeHost.Files;

/// <summary>Configurations rendered per client by the plan (<see cref="IBootFiles.Generate"/>), held in memory.</summary>
public sealed class GeneratedFileSource(IBootFiles files) : IFileSource
{
    private readonly IBootFiles _files = files ?? throw new ArgumentNullException(nameof(files));

    public string Name => "plan configurations";

    public FileAnswer Open(string path, FileRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _files.Generate(path, request.Server, request.Client) is { } content
            ? FileAnswer.Opened(new MemoryFile(content, $"(rendered {path})", Name, mediaType: "text/plain; charset=utf-8"))
            : FileAnswer.NotMine;
    }
}
