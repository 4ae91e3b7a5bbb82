using PxeHost.Protocol.Tftp;

namespace PxeHost.Files;

/// <summary>
/// The one check every requested name passes before any source sees it. A name is refused when it
/// climbs out (<c>..</c>), names a drive, carries control characters or percent escapes. <c>\</c> is
/// read as <c>/</c> and a leading <c>/</c> is taken relative to the root, as PXE ROMs and
/// Windows-style loaders send both.
/// </summary>
internal static class RequestedName
{
    /// <summary>The normalized relative path ("sub/file"), or null and the refusal.</summary>
    public static string? Normalize(string requested, out FileRefusal? refusal)
    {
        refusal = Check(requested);
        if (refusal is not null)
        {
            return null;
        }

        var segments = new List<string>();
        foreach (var segment in requested.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                refusal = new FileRefusal(TftpErrorCode.AccessViolation, "'..' in file name");
                return null;
            }

            if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        if (segments.Count == 0)
        {
            refusal = new FileRefusal(TftpErrorCode.FileNotFound, "no file name");
            return null;
        }

        return string.Join('/', segments);
    }

    private static FileRefusal? Check(string requested)
    {
        foreach (var c in requested)
        {
            if (char.IsControl(c))
            {
                return new FileRefusal(TftpErrorCode.AccessViolation, "control character in file name");
            }
        }

        if (HasPercentEscape(requested))
        {
            return new FileRefusal(TftpErrorCode.AccessViolation, "percent-escaped file name");
        }

        return requested.Length >= 2 && char.IsAsciiLetter(requested[0]) && requested[1] == ':'
            ? new FileRefusal(TftpErrorCode.AccessViolation, "drive-letter path")
            : null;
    }

    private static bool HasPercentEscape(string name)
    {
        for (var i = 0; i + 2 < name.Length; i++)
        {
            if (name[i] == '%' && char.IsAsciiHexDigit(name[i + 1]) && char.IsAsciiHexDigit(name[i + 2]))
            {
                return true;
            }
        }

        return false;
    }
}
