using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PxeHost.Storage;

/// <summary>
/// The file <c>leases.db</c>: opening it, its schema and migrations (versioned by <c>PRAGMA user_version</c>),
/// reading every row, and errors that name the path and the reason.
/// </summary>
internal static partial class LeaseDatabase
{
    public const string FileName = "leases.db";

    /// <summary>Migrations[i] takes the schema from version i to i + 1; the current version is their count.</summary>
    private static readonly string[] Migrations =
    [
        // Keyed by address: one row per address, so no address is ever on record for two clients.
        """
        CREATE TABLE leases (
            address  TEXT    NOT NULL PRIMARY KEY,
            mac      TEXT    NOT NULL,
            state    INTEGER NOT NULL,
            start    INTEGER NOT NULL,
            expires  INTEGER NOT NULL,
            hostname TEXT
        ) WITHOUT ROWID;
        """,

        // The client identifier (option 61) the lease was given to, when the client sent one; rows from
        // before stay without one and go on matching their client by MAC.
        "ALTER TABLE leases ADD COLUMN client_id TEXT;",
    ];

    /// <summary>The first version with the client_id column: older files (read without migrating, by <c>pxehost leases</c>) lack it.</summary>
    private const long ClientIdVersion = 2;

    public static long SchemaVersion => Migrations.Length;

    /// <summary>Creates the directory and the file as needed, sets WAL and the durability, brings the schema up to date.</summary>
    public static SqliteConnection OpenForWriting(string path, LeaseDurability durability, ILogger logger)
    {
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"lease data directory {directory}: cannot create it: {e.Message}", e);
        }

        return Guard(path, () =>
        {
            var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
            try
            {
                var mode = SqliteStatements.Scalar(connection, "PRAGMA journal_mode = WAL");
                if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"lease database {path}: the file system refused WAL journal mode (got '{mode}')");
                }

                var synchronous = durability == LeaseDurability.PowerLoss ? "FULL" : "NORMAL";
                SqliteStatements.Execute(connection, $"PRAGMA synchronous = {synchronous}");
                var version = Migrate(connection, path, logger);
                LeaseStoreLog.Opened(logger, path, version, synchronous);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        });
    }

    /// <summary>
    /// Every parseable row of an existing database; a row that does not parse is logged and skipped.
    /// Creates nothing, so it can list the leases of a server that is running or has never run.
    /// </summary>
    public static IReadOnlyList<Lease> ReadAll(string path, ILogger logger, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"lease database {path}: no such file");
        }

        return Guard(path, () =>
        {
            using var connection = Connect(path, SqliteOpenMode.ReadWrite);
            var version = (long)SqliteStatements.Scalar(connection, "PRAGMA user_version")!;
            if (version < 1 || version > SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"lease database {path}: schema version {version}, this PxeHost reads versions 1 to {SchemaVersion}");
            }

            using var select = connection.CreateCommand();
            select.CommandText = version >= ClientIdVersion
                ? $"SELECT {LeaseRowCodec.Columns} FROM leases"
                : $"SELECT {LeaseRowCodec.Columns.Replace("client_id", "NULL AS client_id", StringComparison.Ordinal)} FROM leases";
            using var row = select.ExecuteReader();
            var leases = new List<Lease>();
            var skipped = 0;
            while (row.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (LeaseRowCodec.TryRead(row, out var lease, out var address, out var reason))
                {
                    leases.Add(lease!);
                }
                else
                {
                    skipped++;
                    LeaseStoreLog.RowSkipped(logger, path, address, reason);
                }
            }

            LeaseStoreLog.Loaded(logger, path, leases.Count, skipped);
            return leases;
        });
    }

    /// <summary>The message of a SQLite failure, as "lease database PATH: what (SQLite error N)".</summary>
    public static InvalidOperationException Describe(string path, SqliteException e, string? doing = null)
    {
        var match = NativeMessage().Match(e.Message);
        var what = match.Success ? match.Groups[1].Value : e.Message;
        var hint = e.SqliteErrorCode == 14 // SQLITE_CANTOPEN
            ? $"; is {Path.GetDirectoryName(path)} a directory this user can write?"
            : string.Empty;
        return new InvalidOperationException($"lease database {path}: {doing}{what} (SQLite error {e.SqliteErrorCode}){hint}", e);
    }

    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw Describe(path, e);
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        // No pooling: Close must really close the file, so that the last connection checkpoints the WAL
        // and a reopen in the same process sees the file as another process would.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long Migrate(SqliteConnection connection, string path, ILogger logger)
    {
        using var transaction = connection.BeginTransaction();
        var from = (long)SqliteStatements.Scalar(connection, "PRAGMA user_version", transaction)!;
        if (from > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"lease database {path}: schema version {from} was written by a newer PxeHost (this one knows up to {SchemaVersion})");
        }

        for (var version = from; version < SchemaVersion; version++)
        {
            SqliteStatements.Execute(connection, Migrations[version], transaction);
        }

        if (from < SchemaVersion)
        {
            SqliteStatements.Execute(connection, $"PRAGMA user_version = {SchemaVersion}", transaction);
            LeaseStoreLog.Migrated(logger, path, from, SchemaVersion);
        }

        transaction.Commit();
        return SchemaVersion;
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex NativeMessage();
}
