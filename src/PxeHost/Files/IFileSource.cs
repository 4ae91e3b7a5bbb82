namespace PxeHost.Files;

/// <summary>
/// One place files come from: a folder, a map of names to real files, content rendered per client,
/// later the inside of an ISO. A <see cref="FileChain"/> asks its sources in order; a source sees
/// only names already normalized and checked by the chain.
/// </summary>
public interface IFileSource
{
    /// <summary>A short label for logs: which source answered, and where a name was looked for.</summary>
    string Name { get; }

    /// <summary>
    /// Opens <paramref name="path"/>: relative, '/'-separated, without empty, <c>.</c> or <c>..</c>
    /// segments. Answers <see cref="FileAnswer.NotMine"/> to let the next source try.
    /// </summary>
    FileAnswer Open(string path, FileRequest request);
}
