using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Iso;

/// <summary>The image library's log lines (5300-5399).</summary>
internal static partial class IsoLog
{
    [LoggerMessage(LogEventIds.Boot.IsoIndexed, LogLevel.Information, "image {Name}: indexed {File}, {Entries} boot entries, sha256 {Sha256}")]
    public static partial void Indexed(ILogger logger, string name, string file, int entries, string sha256);

    [LoggerMessage(LogEventIds.Boot.IsoRefused, LogLevel.Warning, "image {Name} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string name, string reason);

    [LoggerMessage(LogEventIds.Boot.IsoIndexUnwritable, LogLevel.Warning, "image {Name}: the index cannot be kept in {File} ({Reason}); it is built again at each start")]
    public static partial void IndexUnwritable(ILogger logger, string name, string file, string reason);

    [LoggerMessage(LogEventIds.Boot.IsoIndexUnreadable, LogLevel.Information, "image {Name}: the cached index {File} is unreadable ({Reason}); indexing again")]
    public static partial void IndexUnreadable(ILogger logger, string name, string file, string reason);

    [LoggerMessage(LogEventIds.Boot.IsoWatching, LogLevel.Information, "images: watching {Folder}: {Count} image(s)")]
    public static partial void Watching(ILogger logger, string folder, int count);

    [LoggerMessage(LogEventIds.Boot.IsoLibraryChanged, LogLevel.Information, "images: {Folder} changed: {Count} image(s), {Refused} refused")]
    public static partial void Changed(ILogger logger, string folder, int count, int refused);

    [LoggerMessage(LogEventIds.Boot.IsoScanFailed, LogLevel.Warning, "images: cannot read {Folder}: {Reason}; the images known before keep serving")]
    public static partial void ScanFailed(ILogger logger, string folder, string reason);
}
