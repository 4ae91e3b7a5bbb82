using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;
using PxeHost.Timeline;
using Xunit.Abstractions;

namespace PxeHost.Tests.Timeline;

/// <summary>The recorder on a real event stream, writing a real timeline.db in a temporary folder.</summary>
public sealed class TimelineRecorderTests(ITestOutputHelper output) : IDisposable
{
    private const string MacText = "52:54:00:12:34:56";

    private readonly string _data = Directory.CreateTempSubdirectory("pxh-timeline-").FullName;
    private readonly BootEventStream _events = new(new ManualTimeProvider());

    private string DatabasePath => Path.Combine(_data, TimelineDatabase.FileName);

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Steps_are_kept_by_MAC_and_a_TFTP_request_finds_its_MAC_by_address()
    {
        var boot = new BootSequence(MacText).Discover().Offer("snponly.efi").Ack("snponly.efi");
        await RecordAsync(new TimelineOptions(), recorder =>
        {
            Publish(boot);
            _events.Clients.Record(BootSequence.Client, boot.Mac);

            // TFTP knows only the client's address: the stream names its MAC from what DHCP said.
            _events.Publish(new TftpTransferStarted { ClientIp = BootSequence.Client, ClientPort = 2000, File = "snponly.efi", Mode = "octet" });
            _events.Publish(new TftpTransferStarted { ClientIp = System.Net.IPAddress.Parse("10.99.0.222"), ClientPort = 2001, File = "stray", Mode = "octet" });
        });

        var stored = Assert.Single(TimelineDatabase.ReadBoots(DatabasePath, MacText));
        Assert.Equal(1, stored.Number);
        Assert.Equal(
            [TimelineStepKind.DhcpRequest, TimelineStepKind.DhcpAnswer, TimelineStepKind.DhcpAnswer, TimelineStepKind.TftpStarted],
            stored.Steps.Select(s => s.Kind));
        Assert.Equal(boot.Steps, stored.Steps.Take(3));
        Assert.Equal("snponly.efi", stored.Steps[3].File);
        Assert.Equal(MacText, stored.Steps[3].Mac);
    }

    [Fact]
    public async Task A_firmware_discover_after_a_quiet_gap_starts_a_new_boot_but_retries_and_iPXE_do_not()
    {
        var boots = new BootSequence(MacText).Discover().Offer("snponly.efi")
            .Wait(TimeSpan.FromSeconds(32)).Discover().Offer("snponly.efi").Ack("snponly.efi").Tftp("snponly.efi", 1000)
            .Discover(stage: FirmwareStage.Ipxe).Offer("http://10.99.0.1/boot/x.ipxe").Http("/vmlinuz")
            .Wait(TimeSpan.FromMinutes(5)).Discover(stage: FirmwareStage.NotBooting)
            .Wait(TimeSpan.FromMinutes(5)).Discover().Offer("snponly.efi");

        await RecordAsync(new TimelineOptions(), _ => Publish(boots));

        var stored = TimelineDatabase.ReadBoots(DatabasePath, MacText);
        Assert.Equal([1L, 2L], stored.Select(b => b.Number));
        Assert.Equal(boots.Events.Count - 2, stored[0].Steps.Count);
        Assert.Equal(2, stored[1].Steps.Count);
    }

    [Fact]
    public async Task Only_the_last_boots_of_a_machine_are_kept_and_numbering_goes_on_after_a_restart()
    {
        var options = new TimelineOptions { BootsPerMachine = 3 };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await RecordAsync(options, _ =>
        {
            for (var i = 0; i < 5; i++)
            {
                Publish(new BootSequence(MacText, start.AddHours(i)).Discover().Offer("snponly.efi"));
                Publish(new BootSequence("52:54:00:00:00:01", start.AddHours(i)).Discover().Offer("snponly.efi"));
            }
        });
        await RecordAsync(options, _ => Publish(new BootSequence(MacText, start.AddHours(9)).Discover()));

        Assert.Equal([4L, 5L, 6L], TimelineDatabase.ReadBoots(DatabasePath, MacText).Select(b => b.Number));
        Assert.Equal([3L, 4L, 5L], TimelineDatabase.ReadBoots(DatabasePath, "52:54:00:00:00:01").Select(b => b.Number));
        Assert.Equal(["52:54:00:00:00:01", MacText], TimelineDatabase.ReadLastBoots(DatabasePath).Select(b => b.Mac));
    }

    [Fact]
    public async Task Beyond_the_row_cap_the_oldest_steps_go_first()
    {
        var options = new TimelineOptions { MaxSteps = 50, BatchSize = 7 };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await RecordAsync(options, _ =>
        {
            for (var i = 0; i < 40; i++)
            {
                Publish(new BootSequence($"52:54:00:00:00:{i:x2}", start.AddSeconds(i)).Discover().Offer("snponly.efi"));
            }
        });

        var kept = TimelineDatabase.ReadLastBoots(DatabasePath);
        Assert.Equal(50, kept.Sum(b => b.Steps.Count));
        Assert.Equal(25, kept.Count);
        Assert.Equal("52:54:00:00:00:0f", kept.Min(b => b.Mac));
        using var writer = new TimelineWriter(DatabasePath, options);
        Assert.Equal(50, writer.Rows);
    }

    /// <summary>A timeline that cannot be written costs its steps, never the server: the recorder logs, drops and goes on.</summary>
    [Fact]
    public async Task A_timeline_that_cannot_be_written_loses_its_steps_and_the_recorder_goes_on()
    {
        // The data folder's place is taken by a file: timeline.db can never be created there.
        var blocked = Path.Combine(_data, "blocked");
        await File.WriteAllTextAsync(blocked, "not a folder");
        using var logs = new CapturingLoggerProvider();
        using var logging = new LoggerFactory([logs]);
        var recorder = new TimelineRecorder(_events, blocked, new TimelineOptions(), logging.CreateLogger<TimelineRecorder>());
        await recorder.StartAsync(CancellationToken.None);

        Publish(new BootSequence(MacText).Discover().Offer("snponly.efi"));
        await recorder.StopAsync(CancellationToken.None);

        Assert.True(recorder.ExecuteTask!.IsCompletedSuccessfully, recorder.ExecuteTask.Exception?.ToString());
        Assert.Equal((0, 2), (recorder.Recorded, recorder.Lost));
        Assert.Contains("timeline: cannot write", Assert.Single(logs.WithEventId(6101)).Message, StringComparison.Ordinal);
        recorder.Dispose();
    }

    /// <summary>The publisher only offers each event to the recorder's channel: 100,000 events cost it no disk wait.</summary>
    [Fact]
    public async Task Publishing_100000_events_does_not_wait_for_the_disk()
    {
        const int count = 100_000;
        var template = new BootSequence(MacText).Discover().Steps[0];
        var published = TimeSpan.Zero;
        var recorder = await RecordAsync(new TimelineOptions(), _ =>
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                _events.Publish(new DhcpRequestReceived { Mac = DhcpCaptures.Mac(MacText), Time = template.Time.AddMilliseconds(i), Request = DhcpMessageType.Discover, Interface = "br0" });
            }

            published = watch.Elapsed;
        });

        output.WriteLine($"published {count} events in {published.TotalMilliseconds:0} ms ({published.TotalMilliseconds * 1000 / count:0.00} µs each); recorded {recorder.Recorded}, dropped {recorder.Dropped}");
        Assert.Equal(count, recorder.Recorded + recorder.Dropped);
        Assert.True(published < TimeSpan.FromSeconds(2), $"publishing took {published}");
    }

    [Fact]
    public void A_file_the_server_has_just_made_reads_as_no_boots_until_its_schema_is_written()
    {
        // What a reader (the API, the page) meets between the writer's first open (WAL mode makes the
        // file) and its migration's commit: a database at user_version 0 with no table yet.
        using (var made = TimelineDatabase.Connect(DatabasePath, Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate))
        {
            using var wal = made.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL";
            wal.ExecuteScalar();
        }

        Assert.Empty(TimelineDatabase.ReadLastBoots(DatabasePath));
        Assert.Empty(TimelineDatabase.ReadBoots(DatabasePath, MacText));
        Assert.Empty(TimelineDatabase.ReadPackets(DatabasePath, MacText, 1));
    }

    private void Publish(BootSequence boot)
    {
        foreach (var e in boot.Events)
        {
            _events.Publish(e);
        }
    }

    /// <summary>Starts a recorder, runs <paramref name="publish"/>, stops it (which writes everything queued) and disposes it.</summary>
    private async Task<TimelineRecorder> RecordAsync(TimelineOptions options, Action<TimelineRecorder> publish)
    {
        var recorder = new TimelineRecorder(_events, _data, options, NullLogger<TimelineRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        publish(recorder);
        await recorder.StopAsync(CancellationToken.None);
        Assert.True(recorder.ExecuteTask!.IsCompletedSuccessfully, recorder.ExecuteTask.Exception?.ToString());
        recorder.Dispose();
        return recorder;
    }
}
