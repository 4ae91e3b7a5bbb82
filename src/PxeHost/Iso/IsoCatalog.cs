namespace PxeHost.Iso;

/// <summary>
/// The images in force while serving: the library as last scanned. Replaced whole, like the plan, so
/// a request reads one version; what depends on the images (the file source's open trees, the menu
/// of a server without a plan, a plan naming image entries) follows <see cref="Changed"/>.
/// </summary>
public sealed class IsoCatalog
{
    private readonly Lock _gate = new();
    private volatile Snapshot _current = new([], 0);

    public IsoCatalog(IsoLibrary library)
    {
        Library = library ?? throw new ArgumentNullException(nameof(library));
    }

    public IsoLibrary Library { get; }

    /// <summary>Raised after the images changed (a new version), outside any lock.</summary>
    public event EventHandler? Changed;

    public IReadOnlyList<IsoImage> Images => _current.Images;

    /// <summary>Counts the changes: 0 until the first scan that found anything.</summary>
    public int Version => _current.Version;

    /// <summary>The image named <paramref name="name"/> (exactly), refused or not; null when there is none.</summary>
    public IsoImage? Find(string name) => _current.Images.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));

    /// <summary>Scans the library and takes what it found; returns whether anything changed.</summary>
    public bool Refresh(IProgress<IsoHashProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Replace(Library.Scan(progress, cancellationToken));

    /// <summary>Takes <paramref name="images"/> as the library; returns whether they differ from those in force.</summary>
    public bool Replace(IReadOnlyList<IsoImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        lock (_gate)
        {
            if (images.Count == _current.Images.Count && images.Zip(_current.Images).All(p => Same(p.First, p.Second)))
            {
                return false;
            }

            _current = new Snapshot(images, _current.Version + 1);
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    // The entries follow from the file's version: the same target, size and time give the same index.
    private static bool Same(IsoImage a, IsoImage b) =>
        a.Name == b.Name && a.Path == b.Path && a.Describes(b.Target, b.Length, b.Modified) && a.Refusal == b.Refusal;

    private sealed record Snapshot(IReadOnlyList<IsoImage> Images, int Version);
}
