using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Events;

/// <summary>Plan reloads (or their refusal, with the errors) and the first use of a boot-once plan are boot events.</summary>
public sealed class PlanEventsTests : IDisposable
{
    private const string Valid = """
        mode: proxy
        profiles:
          disk:
            local: true
        defaults:
          boot: disk
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("pxh-plan-events-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_reload_is_published_with_the_new_version_and_a_broken_edit_with_its_errors()
    {
        var path = Path.Combine(_directory, "pxehost.yaml");
        File.WriteAllText(path, Valid);
        var started = ConfigLoader.Load(path, out var errors) ?? throw new InvalidOperationException(string.Join('\n', errors));
        var plans = new PlanSource(started.Plan);
        var stream = new BootEventStream(TimeProvider.System);
        using var events = stream.Subscribe();
        var watcher = new ConfigWatcher(path, started, plans, NullLogger<ConfigWatcher>.Instance, events: stream);

        Assert.True(watcher.Reload(path));
        File.WriteAllText(path, Valid.Replace("boot: disk", "boot: installer", StringComparison.Ordinal));
        Assert.False(watcher.Reload(path));

        Assert.True(events.Reader.TryRead(out var first));
        var reloaded = Assert.IsType<PlanReloaded>(first);
        Assert.Equal((path, 1, 1, 0), (reloaded.File, reloaded.Version, reloaded.Profiles, reloaded.Machines));
        Assert.Null(reloaded.Mac);
        Assert.True(events.Reader.TryRead(out var second));
        var refused = Assert.IsType<PlanRefused>(second);
        Assert.Equal(1, refused.KeptVersion);
        Assert.Contains(refused.Errors, e => e.Contains("installer", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_first_use_of_a_boot_once_plan_is_published()
    {
        var stream = new BootEventStream(TimeProvider.System);
        using var events = stream.Subscribe();
        var once = new BootOnceRecord(null, stream);
        var mac = DhcpCaptures.Mac("52:54:00:00:00:07");

        Assert.True(once.MarkBooted(mac, "installer"));
        Assert.False(once.MarkBooted(mac, "installer"));

        Assert.True(events.Reader.TryRead(out var used));
        Assert.Equal(new BootOnceUsed { Mac = mac, Profile = "installer", Time = used.Time }, used);
        Assert.False(events.Reader.TryRead(out _));
    }
}
