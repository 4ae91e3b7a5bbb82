using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PxeHost.Events;
using PxeHost.Storage;

namespace PxeHost.Timeline;

/// <summary>
/// The file <c>timeline.db</c>, apart from <c>leases.db</c> so that its writes never hold up a lease
/// commit: its schema (versioned by <c>PRAGMA user_version</c>), opening and reading. One row per step,
/// the step itself as JSON, with the columns the reads and the pruning need beside it.
/// </summary>
public static class TimelineDatabase
{
    public const string FileName = "timeline.db";

    /// <summary>Migrations[i] takes the schema from version i to i + 1.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE steps (
            id   INTEGER PRIMARY KEY,
            mac  TEXT    NOT NULL,
            boot INTEGER NOT NULL,
            time INTEGER NOT NULL,
            step TEXT    NOT NULL
        );
        CREATE INDEX steps_by_machine ON steps (mac, boot);
        """,

        // The datagrams of each step, for a capture file: apart from the step's JSON, which every listing
        // reads. A step's packets go when the step goes, whichever pruning deletes it.
        """
        CREATE TABLE packets (
            id          INTEGER PRIMARY KEY,
            step        INTEGER NOT NULL,
            time        INTEGER NOT NULL,
            source      TEXT    NOT NULL,
            destination TEXT    NOT NULL,
            length      INTEGER NOT NULL,
            payload     BLOB    NOT NULL
        );
        CREATE INDEX packets_by_step ON packets (step);
        CREATE TRIGGER steps_pruned AFTER DELETE ON steps BEGIN DELETE FROM packets WHERE step = old.id; END;
        """,
    ];

    public static long SchemaVersion => Migrations.Length;

    /// <summary>Creates the folder and the file as needed, in WAL mode, with the schema up to date.</summary>
    public static SqliteConnection OpenForWriting(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return Guard(path, () =>
        {
            var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
            try
            {
                var mode = SqliteStatements.Scalar(connection, "PRAGMA journal_mode = WAL");
                if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"timeline database {path}: the file system refused WAL journal mode (got '{mode}')");
                }

                // A step lost to a power cut costs nothing a boot's next attempt does not record again.
                SqliteStatements.Execute(connection, "PRAGMA synchronous = NORMAL");
                Migrate(connection, path);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        });
    }

    /// <summary>The last boot of every machine, by MAC. Creates nothing: reads a file a running server writes.</summary>
    public static IReadOnlyList<MachineBoot> ReadLastBoots(string path) => Read(
        path,
        """
        SELECT s.mac, s.boot, s.step FROM steps s
        JOIN (SELECT mac, MAX(boot) AS last FROM steps GROUP BY mac) m ON s.mac = m.mac AND s.boot = m.last
        ORDER BY s.mac, s.id
        """,
        null);

    /// <summary>Every kept boot of one machine, oldest first.</summary>
    public static IReadOnlyList<MachineBoot> ReadBoots(string path, string mac) =>
        Read(path, "SELECT mac, boot, step FROM steps WHERE mac = $mac ORDER BY boot, id", mac);

    /// <summary>
    /// The datagrams of one boot of one machine, in the order they crossed the wire; none for steps a
    /// PxeHost before schema version 2 wrote.
    /// </summary>
    public static IReadOnlyList<UdpPacket> ReadPackets(string path, string mac, long boot)
    {
        ArgumentNullException.ThrowIfNull(mac);
        return Guard(path, () =>
        {
            using var connection = OpenForReading(path);
            if (connection is null || (long)SqliteStatements.Scalar(connection, "PRAGMA user_version")! < 2)
            {
                return [];
            }

            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT p.time, p.source, p.destination, p.length, p.payload FROM packets p JOIN steps s ON s.id = p.step
                WHERE s.mac = $mac AND s.boot = $boot ORDER BY p.time, p.id
                """;
            select.Parameters.AddWithValue("$mac", mac);
            select.Parameters.AddWithValue("$boot", boot);
            var packets = new List<UdpPacket>();
            using var row = select.ExecuteReader();
            while (row.Read())
            {
                packets.Add(new UdpPacket(
                    FromMicroseconds(row.GetInt64(0)), IPEndPoint.Parse(row.GetString(1)), IPEndPoint.Parse(row.GetString(2)), (byte[])row.GetValue(4), row.GetInt32(3)));
            }

            return packets;
        });
    }

    internal static long Microseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    private static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    internal static string Serialize(TimelineStep step) => JsonSerializer.Serialize(step, TimelineJsonContext.Default.TimelineStep);

    private static List<MachineBoot> Read(string path, string sql, string? mac)
    {
        return Guard(path, () =>
        {
            using var connection = OpenForReading(path);
            if (connection is null)
            {
                return [];
            }

            using var select = connection.CreateCommand();
            select.CommandText = sql;
            if (mac is not null)
            {
                select.Parameters.AddWithValue("$mac", mac);
            }

            var boots = new List<MachineBoot>();
            using var row = select.ExecuteReader();
            while (row.Read())
            {
                var step = JsonSerializer.Deserialize(row.GetString(2), TimelineJsonContext.Default.TimelineStep)
                    ?? throw new InvalidOperationException($"timeline database {path}: an empty step of {row.GetString(0)}");
                if (boots.Count == 0 || boots[^1].Mac != row.GetString(0) || boots[^1].Number != row.GetInt64(1))
                {
                    boots.Add(new MachineBoot(row.GetString(0), row.GetInt64(1), new List<TimelineStep>()));
                }

                ((List<TimelineStep>)boots[^1].Steps).Add(step);
            }

            return boots;
        });
    }

    /// <summary>
    /// An existing file of a schema this PxeHost reads; creates nothing. Null for a file at version 0: the
    /// server made it this moment and its schema (one transaction with the version) is not there yet, so
    /// nothing is recorded in it — a page or API read at a machine's first step meets this.
    /// </summary>
    private static SqliteConnection? OpenForReading(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"timeline database {path}: no such file (the server records boots there while it runs with this data folder)");
        }

        // Read-write, not read-only: a WAL reader must be able to create the -shm file of a live server's database.
        var connection = Connect(path, SqliteOpenMode.ReadWrite);
        var version = (long)SqliteStatements.Scalar(connection, "PRAGMA user_version")!;
        if (version == 0)
        {
            connection.Dispose();
            return null;
        }

        if (version < 0 || version > SchemaVersion)
        {
            connection.Dispose();
            throw new InvalidOperationException($"timeline database {path}: schema version {version}, this PxeHost reads versions 1 to {SchemaVersion}");
        }

        return connection;
    }

    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException($"timeline database {path}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"timeline database {path}: a step does not parse: {e.Message}", e);
        }
    }

    internal static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        // No pooling: closing really closes the file, so the last connection checkpoints the WAL.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction();
        var from = (long)SqliteStatements.Scalar(connection, "PRAGMA user_version", transaction)!;
        if (from > SchemaVersion)
        {
            throw new InvalidOperationException($"timeline database {path}: schema version {from} was written by a newer PxeHost (this one knows up to {SchemaVersion})");
        }

        for (var version = from; version < SchemaVersion; version++)
        {
            SqliteStatements.Execute(connection, Migrations[version], transaction);
        }

        SqliteStatements.Execute(connection, $"PRAGMA user_version = {SchemaVersion}", transaction);
        transaction.Commit();
    }
}
