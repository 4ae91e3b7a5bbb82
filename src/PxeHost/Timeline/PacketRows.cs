using Microsoft.Data.Sqlite;
using PxeHost.Events;

namespace PxeHost.Timeline;

/// <summary>Inserts the datagrams of steps into <c>timeline.db</c>'s packets table, within the writer's transaction.</summary>
internal sealed class PacketRows : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _step;
    private readonly SqliteParameter _time;
    private readonly SqliteParameter _source;
    private readonly SqliteParameter _destination;
    private readonly SqliteParameter _length;
    private readonly SqliteParameter _payload;

    public PacketRows(SqliteConnection connection, SqliteTransaction transaction)
    {
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO packets (step, time, source, destination, length, payload)
            VALUES ($step, $time, $source, $destination, $length, $payload)
            """;
        _step = _insert.Parameters.Add("$step", SqliteType.Integer);
        _time = _insert.Parameters.Add("$time", SqliteType.Integer);
        _source = _insert.Parameters.Add("$source", SqliteType.Text);
        _destination = _insert.Parameters.Add("$destination", SqliteType.Text);
        _length = _insert.Parameters.Add("$length", SqliteType.Integer);
        _payload = _insert.Parameters.Add("$payload", SqliteType.Blob);
    }

    public void Insert(long step, UdpPacket packet)
    {
        _step.Value = step;
        _time.Value = TimelineDatabase.Microseconds(packet.Time);
        _source.Value = packet.Source.ToString();
        _destination.Value = packet.Destination.ToString();
        _length.Value = packet.Length;
        _payload.Value = packet.Payload.ToArray();
        _insert.ExecuteNonQuery();
    }

    public void Dispose() => _insert.Dispose();
}
