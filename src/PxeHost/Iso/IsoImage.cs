namespace PxeHost.Iso;

/// <summary>
/// One image of the library (a file or a link in the data folder's <c>isos/</c>) as indexed: its
/// version (<see cref="Length"/>, <see cref="Modified"/> of the file the name leads to), its label,
/// its SHA-256 and the boot entries found in it; or the reason it is refused. What <c>iso list</c>
/// shows and what is cached in <c>isos/.index/NAME.json</c>.
/// </summary>
public sealed record IsoImage
{
    /// <summary>The name it is served under: <c>iso/NAME/…</c> and <c>iso/NAME.iso</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The entry in <c>isos/</c> (a link made by <c>iso add</c>, or a file dropped there).</summary>
    public required string Path { get; init; }

    /// <summary>The real file the entry leads to (itself when it is no link).</summary>
    public required string Target { get; init; }

    public long Length { get; init; }

    public DateTimeOffset Modified { get; init; }

    public string Label { get; init; } = string.Empty;

    /// <summary>SHA-256 of the whole file, lower-case hex; empty for a refused image.</summary>
    public string Sha256 { get; init; } = string.Empty;

    public IReadOnlyList<IsoBootEntry> Entries { get; init; } = [];

    /// <summary>What the image's boot configurations got wrong or left out ("isolinux/txt.cfg:4: kernel /x not in the image"); the entries found stand.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Why the image is not served (unreadable, corrupt, a name that is no URL segment); null when it is.</summary>
    public string? Refusal { get; init; }

    public bool IsRefused => Refusal is not null;

    /// <summary>Whether this record describes the file as it is now (same target, size and modification time).</summary>
    public bool Describes(string target, long length, DateTimeOffset modified) =>
        string.Equals(Target, target, StringComparison.Ordinal) && Length == length && Modified == modified;
}
