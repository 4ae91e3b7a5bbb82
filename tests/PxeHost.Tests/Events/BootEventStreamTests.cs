using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Events;

/// <summary>The stream alone: fan-out to every reader through its own filter, bounded readers that count what they lose, and replay.</summary>
public sealed class BootEventStreamTests
{
    private static readonly PhysicalAddress First = DhcpCaptures.Mac("52:54:00:00:00:01");
    private static readonly PhysicalAddress Second = DhcpCaptures.Mac("52:54:00:00:00:02");

    private static HttpRequestStarted Request(PhysicalAddress? mac, string path, IPAddress? client = null) =>
        new() { Mac = mac, ClientIp = client, Method = "GET", Path = path };

    private static List<BootEvent> Drain(BootEventSubscription subscription)
    {
        var events = new List<BootEvent>();
        while (subscription.Reader.TryRead(out var boot))
        {
            events.Add(boot);
        }

        return events;
    }

    [Fact]
    public void Every_reader_gets_every_event_its_filter_takes_in_publishing_order()
    {
        var stream = new BootEventStream(TimeProvider.System);
        using var all = stream.Subscribe();
        using var first = stream.Subscribe(e => First.Equals(e.Mac));
        using var second = stream.Subscribe(e => Second.Equals(e.Mac));

        stream.Publish(Request(First, "/a"));
        stream.Publish(Request(Second, "/b"));
        stream.Publish(Request(First, "/c"));
        stream.Publish(Request(null, "/d"));

        Assert.Equal(["/a", "/b", "/c", "/d"], Drain(all).Cast<HttpRequestStarted>().Select(e => e.Path));
        Assert.Equal(["/a", "/c"], Drain(first).Cast<HttpRequestStarted>().Select(e => e.Path));
        Assert.Equal(["/b"], Drain(second).Cast<HttpRequestStarted>().Select(e => e.Path));
        Assert.Equal(4, stream.Published);
    }

    [Fact]
    public void A_reader_that_falls_behind_loses_its_oldest_events_counts_them_and_holds_up_nobody()
    {
        var stream = new BootEventStream(TimeProvider.System);
        using var slow = stream.Subscribe(capacity: 3);
        using var roomy = stream.Subscribe();

        for (var i = 0; i < 10; i++)
        {
            stream.Publish(Request(First, $"/{i}"));
        }

        Assert.Equal(["/7", "/8", "/9"], Drain(slow).Cast<HttpRequestStarted>().Select(e => e.Path));
        Assert.Equal(7, slow.Dropped);
        Assert.Equal(10, Drain(roomy).Count);
        Assert.Equal(0, roomy.Dropped);
    }

    [Fact]
    public void A_late_reader_replays_the_last_matching_events_of_the_history_then_reads_on_live()
    {
        var stream = new BootEventStream(TimeProvider.System, historyCapacity: 4);
        for (var i = 0; i < 6; i++)
        {
            stream.Publish(Request(i % 2 == 0 ? First : Second, $"/{i}"));
        }

        // The history holds /2../5; of those, /2 and /4 are the first machine's.
        using var late = stream.Subscribe(e => First.Equals(e.Mac), replay: 10);
        stream.Publish(Request(First, "/6"));

        Assert.Equal(["/2", "/4", "/6"], Drain(late).Cast<HttpRequestStarted>().Select(e => e.Path));
        Assert.Equal(["/5", "/6"], stream.Recent(count: 2).Cast<HttpRequestStarted>().Select(e => e.Path));
        using var none = stream.Subscribe();
        Assert.Empty(Drain(none));
    }

    [Fact]
    public void Publishing_stamps_the_time_and_names_the_mac_behind_a_known_address()
    {
        var clock = new ManualTimeProvider();
        var stream = new BootEventStream(clock);
        stream.Clients.Record(IPAddress.Parse("10.0.0.7"), First);
        using var reader = stream.Subscribe();

        clock.Advance(TimeSpan.FromSeconds(5));
        stream.Publish(Request(null, "/known", IPAddress.Parse("::ffff:10.0.0.7")));
        stream.Publish(Request(null, "/unknown", IPAddress.Parse("10.0.0.8")));
        stream.Publish(Request(Second, "/own", IPAddress.Parse("10.0.0.7")) with { Time = DateTimeOffset.UnixEpoch });

        var events = Drain(reader);
        Assert.Equal([First, null, Second], events.Select(e => e.Mac));
        Assert.Equal([clock.GetUtcNow(), clock.GetUtcNow(), DateTimeOffset.UnixEpoch], events.Select(e => e.Time));
    }

    [Fact]
    public async Task Disposing_a_subscription_stops_it_and_completes_its_reader()
    {
        var stream = new BootEventStream(TimeProvider.System);
        var reader = stream.Subscribe();
        stream.Publish(Request(First, "/before"));
        reader.Dispose();
        stream.Publish(Request(First, "/after"));

        var read = new List<BootEvent>();
        await foreach (var boot in reader.ReadAllAsync())
        {
            read.Add(boot);
        }

        Assert.Equal(["/before"], read.Cast<HttpRequestStarted>().Select(e => e.Path));
    }
}
