using System.Globalization;
using System.Text;
using PxeHost.Http.Api;

namespace PxeHost.Http.Ui;

/// <summary>Transfers in progress with a progress bar when the size is known (TFTP's tsize, RFC 2349); the script redraws it alike.</summary>
internal static class TransferTable
{
    private static readonly string[] Headings = ["Protocol", "File", "MAC", "Client", "Progress", "Started"];

    public static void Write(StringBuilder html, IReadOnlyList<TransferView> transfers) =>
        UiLayout.Table(html, "transfers", Headings, rows =>
        {
            foreach (var t in transfers)
            {
                rows.Append("<tr>");
                UiLayout.Cells(rows, t.Protocol, t.File, t.Mac, t.ClientIp);
                rows.Append("<td>");
                if (t.Size is > 0 && t.Bytes is { } bytes)
                {
                    rows.Append("<progress max=\"").Append(Html.Encode(t.Size)).Append("\" value=\"").Append(Html.Encode(bytes)).Append("\"></progress> ");
                }

                rows.Append(Html.Encode(Progress(t.Bytes, t.Size))).Append("</td>");
                UiLayout.Cells(rows, t.Started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                rows.Append("</tr>\n");
            }

            return transfers.Count;
        }, "No transfer in progress.");

    /// <summary>"1024 / 4000 bytes", as the script writes it too.</summary>
    public static string Progress(long? bytes, long? size) =>
        string.Create(CultureInfo.InvariantCulture, $"{(bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) : "?")} / {(size is { } s ? s.ToString(CultureInfo.InvariantCulture) : "?")} bytes");
}
