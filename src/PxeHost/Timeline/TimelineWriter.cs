using Microsoft.Data.Sqlite;
using PxeHost.Storage;

namespace PxeHost.Timeline;

/// <summary>
/// Writes steps into <c>timeline.db</c>, a batch per transaction: numbers each machine's boots
/// (<see cref="BootBoundary"/>), prunes a machine's boots beyond <see cref="TimelineOptions.BootsPerMachine"/>
/// when a new one starts, and the oldest steps beyond <see cref="TimelineOptions.MaxSteps"/>. One writer
/// per file; not thread-safe (the recorder's one reader calls it).
/// </summary>
public sealed class TimelineWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimelineOptions _options;
    private readonly Dictionary<string, (long Boot, DateTimeOffset LastSeen)> _machines = new(StringComparer.Ordinal);
    private long _rows;

    public TimelineWriter(string path, TimelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BootsPerMachine, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSteps, 1);
        _options = options;
        _connection = TimelineDatabase.OpenForWriting(path);
        try
        {
            Reload();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Steps in the file now.</summary>
    public long Rows => _rows;

    public void Write(IReadOnlyList<TimelineStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            WriteOnce(steps);
        }
        catch
        {
            // The transaction rolled back: the boots and counts in memory must be the file's again.
            Reload();
            throw;
        }

        // Machines whose every step the row cap pruned are forgotten too, so memory stays bounded like the file.
        if (_machines.Count > _options.MaxSteps)
        {
            Reload();
        }
    }

    public void Dispose() => _connection.Dispose();

    private void WriteOnce(IReadOnlyList<TimelineStep> steps)
    {
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO steps (mac, boot, time, step) VALUES ($mac, $boot, $time, $step) RETURNING id";
        var mac = insert.Parameters.Add("$mac", SqliteType.Text);
        var boot = insert.Parameters.Add("$boot", SqliteType.Integer);
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var json = insert.Parameters.Add("$step", SqliteType.Text);
        using var packets = new PacketRows(_connection, transaction);
        foreach (var step in steps)
        {
            var number = BootOf(step, transaction);
            mac.Value = step.Mac;
            boot.Value = number;
            time.Value = step.Time.ToUnixTimeMilliseconds();
            json.Value = TimelineDatabase.Serialize(step);
            var id = (long)insert.ExecuteScalar()!;
            _rows++;
            foreach (var packet in step.Packets)
            {
                packets.Insert(id, packet);
            }
        }

        PruneOldest(transaction);
        transaction.Commit();
    }

    private long BootOf(TimelineStep step, SqliteTransaction transaction)
    {
        var known = _machines.TryGetValue(step.Mac, out var state);
        var number = state.Boot;
        if (BootBoundary.StartsBoot(step, known ? state.LastSeen : null, _options.QuietGap))
        {
            number++;
            PruneBoots(step.Mac, number - _options.BootsPerMachine, transaction);
        }

        // Steps of one machine come in order; a clock stepped back must not reopen an old gap.
        _machines[step.Mac] = (number, known && state.LastSeen > step.Time ? state.LastSeen : step.Time);
        return number;
    }

    private void PruneBoots(string mac, long upTo, SqliteTransaction transaction)
    {
        if (upTo < 1)
        {
            return;
        }

        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM steps WHERE mac = $mac AND boot <= $upTo";
        delete.Parameters.AddWithValue("$mac", mac);
        delete.Parameters.AddWithValue("$upTo", upTo);
        _rows -= delete.ExecuteNonQuery();
    }

    private void PruneOldest(SqliteTransaction transaction)
    {
        var excess = _rows - _options.MaxSteps;
        if (excess <= 0)
        {
            return;
        }

        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM steps WHERE id IN (SELECT id FROM steps ORDER BY id LIMIT $excess)";
        delete.Parameters.AddWithValue("$excess", excess);
        _rows -= delete.ExecuteNonQuery();
    }

    private void Reload()
    {
        _machines.Clear();
        _rows = (long)SqliteStatements.Scalar(_connection, "SELECT COUNT(*) FROM steps")!;
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT mac, MAX(boot), MAX(time) FROM steps GROUP BY mac";
        using var row = select.ExecuteReader();
        while (row.Read())
        {
            _machines[row.GetString(0)] = (row.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(2)));
        }
    }
}
