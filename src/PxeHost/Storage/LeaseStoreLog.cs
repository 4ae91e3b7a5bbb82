using Microsoft.Extensions.Logging;

namespace PxeHost.Storage;

/// <summary>Lease store log messages; event ids 1900–1949 (within the DHCP range: the store serves the DHCP service).</summary>
internal static partial class LeaseStoreLog
{
    [LoggerMessage(1900, LogLevel.Information, "lease database {Path} open: schema version {Version}, WAL, synchronous={Synchronous}")]
    public static partial void Opened(ILogger logger, string path, long version, string synchronous);

    [LoggerMessage(1901, LogLevel.Information, "lease database {Path}: schema migrated from version {From} to {To}")]
    public static partial void Migrated(ILogger logger, string path, long from, long to);

    [LoggerMessage(1902, LogLevel.Warning, "lease database {Path}: lease of {Address} skipped: {Reason}")]
    public static partial void RowSkipped(ILogger logger, string path, string address, string reason);

    [LoggerMessage(1903, LogLevel.Information, "lease database {Path}: {Count} leases loaded, {Skipped} skipped")]
    public static partial void Loaded(ILogger logger, string path, int count, int skipped);

    [LoggerMessage(1904, LogLevel.Error, "lease database {Path}: commit of {Leases} leases from {Saves} callers failed")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string path, int leases, int saves);

    [LoggerMessage(1905, LogLevel.Information, "lease database {Path} closed after {Commits} commits of {Leases} leases")]
    public static partial void Closed(ILogger logger, string path, long commits, long leases);

    [LoggerMessage(1906, LogLevel.Error, "lease database {Path}: close failed")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string path);
}
