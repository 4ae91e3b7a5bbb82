namespace PxeHost.Iso;

/// <summary>
/// One file or directory inside an <see cref="IImageTree"/>. <see cref="Path"/> is the node's path
/// with the image's own spelling (Rock Ridge or Joliet name when the image has one).
/// </summary>
public sealed record ImageNode(string Path, bool IsDirectory, long Length)
{
    /// <summary>The last path segment.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
}
