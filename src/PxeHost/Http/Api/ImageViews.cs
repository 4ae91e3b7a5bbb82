using PxeHost.Iso;

namespace PxeHost.Http.Api;

/// <summary>The images in force as the API shows them.</summary>
internal static class ImageViews
{
    public static List<ImageView> Of(IsoCatalog? catalog) => catalog is null ? [] : [.. catalog.Images.Select(Of)];

    public static ImageView Of(IsoImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var entries = image.Entries.Select((e, i) => new ImageEntryView(
            i + 1, e.Title, e.Family, e.Method, e.RamBytes, IsoListing.Firmware(e.Firmware), e.Note, e.Kernel, e.Initrds, e.Arguments, e.NetworkArguments)).ToList();
        return new ImageView(image.Name, image.Target, image.Length, image.Label, image.Sha256, image.Refusal, image.Problems, entries);
    }
}
