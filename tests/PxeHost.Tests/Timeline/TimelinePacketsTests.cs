using System.Net;
using Microsoft.Data.Sqlite;
using PxeHost.Events;
using PxeHost.Timeline;

namespace PxeHost.Tests.Timeline;

/// <summary>The datagrams of steps in a real timeline.db: kept beside the steps, read back per boot, pruned with them, and added to an older file.</summary>
public sealed class TimelinePacketsTests : IDisposable
{
    private const string MacText = "52:54:00:12:34:56";

    private static readonly IPEndPoint Client = new(IPAddress.Any, 68);

    private static readonly IPEndPoint Server = new(IPAddress.Parse("10.99.0.1"), 67);

    private readonly string _data = Directory.CreateTempSubdirectory("pxh-packets-").FullName;

    private string DatabasePath => Path.Combine(_data, TimelineDatabase.FileName);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void A_boots_packets_are_read_back_in_wire_order_with_their_kept_bytes_and_lengths()
    {
        var steps = WithPackets(new BootSequence(MacText).Discover().Offer("snponly.efi").Steps);
        using (var writer = new TimelineWriter(DatabasePath, new TimelineOptions()))
        {
            writer.Write(steps);
        }

        var packets = TimelineDatabase.ReadPackets(DatabasePath, MacText, 1);

        Assert.Equal(steps.SelectMany(s => s.Packets).Select(Text), packets.Select(Text));
        Assert.Equal((700, 300), (packets[1].Length, packets[1].Payload.Length));
        Assert.Equal(steps[1].Time, packets[1].Time);
        Assert.Empty(TimelineDatabase.ReadPackets(DatabasePath, MacText, 2));
    }

    [Fact]
    public void The_packets_of_a_pruned_boot_go_with_its_steps()
    {
        var options = new TimelineOptions { BootsPerMachine = 1 };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using (var writer = new TimelineWriter(DatabasePath, options))
        {
            writer.Write(WithPackets(new BootSequence(MacText, start).Discover().Offer("snponly.efi").Steps));
            writer.Write(WithPackets(new BootSequence(MacText, start.AddHours(1)).Discover().Steps));
        }

        Assert.Equal(1, Count("SELECT COUNT(*) FROM packets"));
        Assert.Single(TimelineDatabase.ReadPackets(DatabasePath, MacText, 2));
    }

    [Fact]
    public void A_version_1_file_gains_the_packets_table_and_its_old_steps_have_none()
    {
        var old = new BootSequence(MacText).Discover().Steps[0];
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $$"""
                CREATE TABLE steps (id INTEGER PRIMARY KEY, mac TEXT NOT NULL, boot INTEGER NOT NULL, time INTEGER NOT NULL, step TEXT NOT NULL);
                CREATE INDEX steps_by_machine ON steps (mac, boot);
                INSERT INTO steps (mac, boot, time, step) VALUES ('{{MacText}}', 1, {{old.Time.ToUnixTimeMilliseconds()}}, '{"time":"{{old.Time:O}}","mac":"{{MacText}}","kind":"DhcpRequest","request":"Discover"}');
                PRAGMA user_version = 1;
                """;
            create.ExecuteNonQuery();
        }

        Assert.Empty(TimelineDatabase.ReadPackets(DatabasePath, MacText, 1));
        using (var writer = new TimelineWriter(DatabasePath, new TimelineOptions()))
        {
            writer.Write(WithPackets([old with { Time = old.Time.AddSeconds(1) }]));
        }

        Assert.Equal(2, Count("PRAGMA user_version"));
        Assert.Equal(2, Assert.Single(TimelineDatabase.ReadBoots(DatabasePath, MacText)).Steps.Count);
        Assert.Single(TimelineDatabase.ReadPackets(DatabasePath, MacText, 1));
    }

    /// <summary>Each step with one datagram: a request from the client, a reply from the server (700 bytes on the wire, 300 kept).</summary>
    private static List<TimelineStep> WithPackets(IReadOnlyList<TimelineStep> steps) =>
    [
        .. steps.Select((s, i) => s with
        {
            Packets = i % 2 == 0
                ? [UdpPacket.Of(s.Time, Client, new IPEndPoint(IPAddress.Broadcast, 67), [1, (byte)i, 3])]
                : [UdpPacket.Of(s.Time, Server, new IPEndPoint(IPAddress.Broadcast, 68), new byte[700], keep: 300)],
        }),
    ];

    private static string Text(UdpPacket p) => $"{p.Time:O} {p.Source} {p.Destination} {p.Length} {Convert.ToHexString(p.Payload.Span)}";

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
