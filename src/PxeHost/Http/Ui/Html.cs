using System.Globalization;
using System.Text.Encodings.Web;

namespace PxeHost.Http.Ui;

/// <summary>
/// Text into HTML. Every value the pages show goes through <see cref="Encode(string?)"/>: much of it is
/// the clients' own (vendor classes, file names, host names) and must never become markup.
/// </summary>
internal static class Html
{
    public static string Encode(string? text) => text is null ? string.Empty : HtmlEncoder.Default.Encode(text);

    public static string Encode(long? number) => number?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A path segment of a link (a MAC, an address), escaped for the URL and then for the attribute.</summary>
    public static string Segment(string text) => Encode(Uri.EscapeDataString(text));

    /// <summary>A class name from a value of the API (a verdict kind): letters and digits only.</summary>
    public static string ClassName(string text) => new([.. text.Where(char.IsAsciiLetterOrDigit)]);
}
