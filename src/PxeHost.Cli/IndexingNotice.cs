using PxeHost.Iso;

namespace PxeHost.Cli;

/// <summary>
/// One line on stderr when serve (or doctor) starts hashing an image not indexed yet: a DVD takes
/// seconds, and a start that pauses silently looks like a hang.
/// </summary>
internal sealed class IndexingNotice(TextWriter writer, string command) : IProgress<IsoHashProgress>
{
    public void Report(IsoHashProgress value)
    {
        if (value.Done == 0)
        {
            writer.WriteLine($"pxehost {command}: indexing image {value.Name} ({IsoListing.Size(value.Total)})");
        }
    }
}
