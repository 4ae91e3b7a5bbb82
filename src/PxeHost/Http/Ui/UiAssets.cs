using Microsoft.AspNetCore.Http;

namespace PxeHost.Http.Ui;

/// <summary>The page's stylesheet and script, kept in the assembly (no files beside the binary, nothing fetched from elsewhere).</summary>
internal static class UiAssets
{
    public static IResult Result(string name, string mediaType) => Results.Bytes(Bytes(name), mediaType);

    public static byte[] Bytes(string name)
    {
        using var stream = typeof(UiAssets).Assembly.GetManifestResourceStream("PxeHost.Http.Ui." + name)
            ?? throw new InvalidOperationException($"the page's {name} is not in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
