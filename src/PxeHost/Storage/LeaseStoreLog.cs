using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Storage;

/// <summary>Lease store log messages; event ids 6xxx (<see cref="LogEventIds.Storage"/>).</summary>
internal static partial class LeaseStoreLog
{
    [LoggerMessage(LogEventIds.Storage.LeaseDatabaseOpened, LogLevel.Information, "lease database {Path} open: schema version {Version}, WAL, synchronous={Synchronous}")]
    public static partial void Opened(ILogger logger, string path, long version, string synchronous);

    [LoggerMessage(LogEventIds.Storage.LeaseDatabaseMigrated, LogLevel.Information, "lease database {Path}: schema migrated from version {From} to {To}")]
    public static partial void Migrated(ILogger logger, string path, long from, long to);

    [LoggerMessage(LogEventIds.Storage.LeaseRowSkipped, LogLevel.Warning, "lease database {Path}: lease of {Address} skipped: {Reason}")]
    public static partial void RowSkipped(ILogger logger, string path, string address, string reason);

    [LoggerMessage(LogEventIds.Storage.LeasesLoaded, LogLevel.Information, "lease database {Path}: {Count} leases loaded, {Skipped} skipped")]
    public static partial void Loaded(ILogger logger, string path, int count, int skipped);

    [LoggerMessage(LogEventIds.Storage.LeaseCommitFailed, LogLevel.Error, "lease database {Path}: commit of {Leases} leases from {Saves} callers failed")]
    public static partial void CommitFailed(ILogger logger, Exception exception, string path, int leases, int saves);

    [LoggerMessage(LogEventIds.Storage.LeaseDatabaseClosed, LogLevel.Information, "lease database {Path} closed after {Commits} commits of {Leases} leases")]
    public static partial void Closed(ILogger logger, string path, long commits, long leases);

    [LoggerMessage(LogEventIds.Storage.LeaseDatabaseCloseFailed, LogLevel.Error, "lease database {Path}: close failed")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string path);
}
