using System.Globalization;

namespace PxeHost.Protocol.Tftp;

/// <summary>
/// Decides which requested options a read transfer accepts. Unknown options and out-of-range values
/// are ignored rather than refused, so the client falls back to RFC 1350 behaviour (RFC 2347 §3).
/// </summary>
public static class TftpOptionNegotiator
{
    public static TftpTransferParameters Negotiate(
        TftpRequestPacket request, long? fileSize, TftpNegotiationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        var blockSize = TftpTransferParameters.DefaultBlockSize;
        var windowSize = 1;
        int? timeout = null;
        var accepted = new List<TftpOption>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in request.Options)
        {
            if (!seen.Add(option.Name) || !TryParseNumber(option.Value, out var value))
            {
                continue;
            }

            switch (option.Name.ToLowerInvariant())
            {
                // RFC 2348: 8–65464; a larger request may be answered with a smaller value.
                case TftpOptionNames.BlockSize when value >= 8:
                    blockSize = (int)Math.Min(value, limits.MaxBlockSize);
                    accepted.Add(new(TftpOptionNames.BlockSize, Format(blockSize)));
                    break;

                // RFC 2349: 1–255 seconds, echoed unchanged.
                case TftpOptionNames.Timeout when value is >= 1 and <= 255:
                    timeout = (int)value;
                    accepted.Add(new(TftpOptionNames.Timeout, Format(value)));
                    break;

                // RFC 2349: on a read request the client sends 0 and the server answers the size.
                // An empty file's size is not announced: curl refuses "tsize 0" in an OACK, and
                // every client learns the size from the first (empty) DATA block anyway.
                case TftpOptionNames.TransferSize when request.IsRead && fileSize > 0:
                    accepted.Add(new(TftpOptionNames.TransferSize, Format(fileSize.Value)));
                    break;

                // RFC 7440: 1–65535; the server may answer with a smaller window.
                case TftpOptionNames.WindowSize when value is >= 1 and <= 65535:
                    windowSize = (int)Math.Min(value, limits.MaxWindowSize);
                    accepted.Add(new(TftpOptionNames.WindowSize, Format(windowSize)));
                    break;
            }
        }

        return new TftpTransferParameters(blockSize, windowSize, timeout, accepted);
    }

    private static bool TryParseNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
