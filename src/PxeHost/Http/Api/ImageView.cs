namespace PxeHost.Http.Api;

/// <summary>
/// An image of the library as in force (what <c>pxehost iso list</c> prints): <see cref="File"/> is the
/// file its name leads to, <see cref="Size"/> in bytes, <see cref="Refused"/> the reason it is not
/// served (null when it is), <see cref="Problems"/> what its boot configurations got wrong.
/// </summary>
public sealed record ImageView(
    string Name,
    string File,
    long Size,
    string Label,
    string Sha256,
    string? Refused,
    IReadOnlyList<string> Problems,
    IReadOnlyList<ImageEntryView> Entries);
