using System.Text;
using PxeHost.Protocol.Tftp;
using PxeHost.Unix;

namespace PxeHost.Tftp;

/// <summary>
/// Confines requested names to one folder. A name is refused, never served, when it climbs out
/// (<c>..</c>), names a drive, carries control characters or percent escapes, or resolves through a
/// symlink to a place outside the root. <c>\</c> is read as <c>/</c> and a leading <c>/</c> is
/// taken relative to the root, as PXE ROMs and Windows-style loaders send both.
/// A name missing from the root may still be one of the <see cref="ExtraFiles"/> (bootloaders found
/// on the system); files in the root win, so an admin's own copy is always the one served.
/// </summary>
public sealed class TftpRoot
{
    private readonly bool _caseInsensitive;

    public TftpRoot(string? directory, bool caseInsensitive, IReadOnlyDictionary<string, string>? extraFiles = null, Boot.IBootFiles? bootFiles = null)
    {
        BootFiles = bootFiles;
        if (directory is not null)
        {
            RealPath = UnixFileSystem.RealPath(directory)
                ?? throw new DirectoryNotFoundException($"The TFTP root '{directory}' does not exist.");
            if (!Directory.Exists(RealPath))
            {
                throw new DirectoryNotFoundException($"The TFTP root '{directory}' is not a directory.");
            }
        }

        _caseInsensitive = caseInsensitive;
        ExtraFiles = extraFiles ?? new Dictionary<string, string>();
    }

    /// <summary>The root with symlinks resolved; every served file lies below it. Null when there is no root.</summary>
    public string? RealPath { get; }

    /// <summary>The boot plan's published and generated files, consulted after the root and <see cref="ExtraFiles"/>.</summary>
    public Boot.IBootFiles? BootFiles { get; }

    /// <summary>Names (relative, '/'-separated) served from elsewhere when the root lacks them.</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; }

    public TftpPathResolution Resolve(string requested) => Resolve(requested, System.Net.IPAddress.Loopback, null);

    /// <summary>Resolves a name for a client talking to <paramref name="server"/> (rendered files name the server).</summary>
    public TftpPathResolution Resolve(string requested, System.Net.IPAddress server, System.Net.IPAddress? client)
    {
        var refusal = Normalize(requested, out var segments);
        if (refusal is not null)
        {
            return refusal;
        }

        var relative = string.Join('/', segments);
        if (RealPath is null)
        {
            return ExtraFiles.TryGetValue(relative, out var extraOnly)
                ? TftpPathResolution.Resolved(extraOnly)
                : FromPlan(relative, server, client) ?? TftpPathResolution.Refused(TftpErrorCode.FileNotFound, "not a file this server provides");
        }

        var candidate = Path.Join(RealPath, relative);
        if (!Path.Exists(candidate) && _caseInsensitive)
        {
            candidate = FindIgnoringCase(segments) ?? candidate;
        }

        if (!Path.Exists(candidate))
        {
            return ExtraFiles.TryGetValue(relative, out var extra)
                ? TftpPathResolution.Resolved(extra)
                : FromPlan(relative, server, client) ?? TftpPathResolution.Refused(TftpErrorCode.FileNotFound, $"no such file under {RealPath}");
        }

        var real = UnixFileSystem.RealPath(candidate);
        if (real is null)
        {
            return TftpPathResolution.Refused(TftpErrorCode.FileNotFound, "a symlink on the path points nowhere");
        }

        if (!IsInsideRoot(real))
        {
            return TftpPathResolution.Refused(TftpErrorCode.AccessViolation, $"resolves through a symlink to {real}, outside the root");
        }

        if (!File.Exists(real))
        {
            return TftpPathResolution.Refused(TftpErrorCode.FileNotFound, "not a regular file");
        }

        return TftpPathResolution.Resolved(real);
    }

    private TftpPathResolution? FromPlan(string relative, System.Net.IPAddress server, System.Net.IPAddress? client)
    {
        if (BootFiles?.Published(relative) is { } published)
        {
            return TftpPathResolution.Resolved(published);
        }

        return BootFiles?.Generate(relative, server, client) is { } content
            ? TftpPathResolution.FromMemory($"(rendered {relative})", content)
            : null;
    }

    private static TftpPathResolution? Normalize(string requested, out List<string> segments)
    {
        segments = [];
        foreach (var c in requested)
        {
            if (char.IsControl(c))
            {
                return TftpPathResolution.Refused(TftpErrorCode.AccessViolation, "control character in file name");
            }
        }

        var name = requested.Replace('\\', '/');
        if (HasPercentEscape(name))
        {
            return TftpPathResolution.Refused(TftpErrorCode.AccessViolation, "percent-escaped file name");
        }

        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
        {
            return TftpPathResolution.Refused(TftpErrorCode.AccessViolation, "drive-letter path");
        }

        foreach (var segment in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                return TftpPathResolution.Refused(TftpErrorCode.AccessViolation, "'..' in file name");
            }

            if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return segments.Count == 0
            ? TftpPathResolution.Refused(TftpErrorCode.FileNotFound, "no file name")
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

    private bool IsInsideRoot(string real) =>
        RealPath is not null && real.StartsWith(RealPath.EndsWith('/') ? RealPath : RealPath + "/", StringComparison.Ordinal);

    private string? FindIgnoringCase(List<string> segments)
    {
        var current = RealPath!;
        foreach (var segment in segments)
        {
            if (!Directory.Exists(current))
            {
                return null;
            }

            var match = Directory.EnumerateFileSystemEntries(current)
                .FirstOrDefault(e => string.Equals(Path.GetFileName(e), segment, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return null;
            }

            current = match;
        }

        return current;
    }

    /// <summary>Describes why the server cannot read a file: the tftpd-hpa "global read permissions" puzzle.</summary>
    public static string DescribeUnreadable(string path)
    {
        var text = new StringBuilder("permission denied");
        try
        {
            var mode = File.GetUnixFileMode(path);
            text.Append($": mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}");
            if (!mode.HasFlag(UnixFileMode.OtherRead))
            {
                text.Append(" is not world-readable");
            }
        }
        catch (UnauthorizedAccessException)
        {
            text.Append(": a folder on the path is not searchable");
        }
        catch (IOException e)
        {
            text.Append(": ").Append(e.Message);
        }

        text.Append($"; the server runs as uid {UnixFileSystem.EffectiveUserId}: chmod a+r the file (and a+x its folders)");
        return text.ToString();
    }
}
