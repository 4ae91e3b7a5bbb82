using PxeHost.Boot;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Files;

/// <summary>
/// The files TFTP and HTTP serve: a list of sources asked in order, the first answer wins. The
/// requested name is normalized and checked once, here, before any source sees it; a refusal from a
/// source (a symlink out of the root) ends the search, so a later source cannot serve that name.
/// </summary>
public sealed class FileChain
{
    public FileChain(IEnumerable<IFileSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        Sources = sources.ToArray();
    }

    public IReadOnlyList<IFileSource> Sources { get; }

    /// <summary>
    /// The usual chain: the root first (a file in the root always wins, so an admin's own copy is the
    /// one served), then bootloaders found on the system, then the plan's published files, then the
    /// plan's per-client configurations, then the images of the library (<c>iso/…</c>). Any of them may be absent.
    /// </summary>
    public static FileChain Create(
        string? root, bool caseInsensitive = false, IReadOnlyDictionary<string, string>? systemFiles = null, IBootFiles? bootFiles = null, IFileSource? images = null)
    {
        var sources = new List<IFileSource>();
        if (!string.IsNullOrEmpty(root))
        {
            sources.Add(new RootFileSource(root, caseInsensitive));
        }

        if (systemFiles is { Count: > 0 })
        {
            sources.Add(new NamedFileSource("system bootloaders", systemFiles));
        }

        if (bootFiles is not null)
        {
            sources.Add(NamedFileSource.Published(bootFiles));
            sources.Add(new GeneratedFileSource(bootFiles));
        }

        if (images is not null)
        {
            sources.Add(images);
        }

        return new FileChain(sources);
    }

    /// <summary>
    /// The first answer to <paramref name="requested"/>, as sent by the client: an opened file the caller
    /// disposes, or a refusal (never <see cref="FileAnswer.NotMine"/>).
    /// </summary>
    public FileAnswer Open(string requested, FileRequest request)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(request);
        var path = RequestedName.Normalize(requested, out var refusal);
        if (path is null)
        {
            return FileAnswer.Refused(refusal!.Code, refusal.Reason);
        }

        foreach (var source in Sources)
        {
            var answer = source.Open(path, request);
            if (!answer.IsNotMine)
            {
                return answer;
            }
        }

        var near = Sources.OfType<RootFileSource>().Select(r => NearMiss.Find(r.RealPath, path)).FirstOrDefault(n => n is not null);
        return FileAnswer.Refused(
            TftpErrorCode.FileNotFound,
            Sources.Count == 0 ? "no file sources are configured" : $"not found in {this}{(near is null ? string.Empty : $"; in the root: {near}")}");
    }

    /// <summary>The sources' names in order, e.g. "root /srv/tftp, system bootloaders".</summary>
    public override string ToString() => Sources.Count == 0 ? "(no files)" : string.Join(", ", Sources.Select(s => s.Name));
}
