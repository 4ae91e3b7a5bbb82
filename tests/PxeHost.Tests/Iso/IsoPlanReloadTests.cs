using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>A plan naming an image's entry is read again when the library changes: the profile follows the image.</summary>
public sealed class IsoPlanReloadTests : IDisposable
{
    private readonly TestImages _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task When_the_image_changes_the_plan_takes_its_new_entry_and_when_it_goes_the_last_good_plan_stays()
    {
        var file = _images.Make("live", TestImages.LiveEntries);
        var catalog = new IsoCatalog(_images.Library());
        catalog.Library.Add(file, null, null, null, CancellationToken.None, out _);
        catalog.Refresh();
        var config = Path.Combine(_images.Root, "pxehost.yaml");
        File.WriteAllText(config, "profiles:\n  live:\n    iso: live\ndefaults:\n  boot: live\n");
        var started = ConfigLoader.Load(config, out _, catalog.Find)!;
        var plans = new PlanSource(started.Plan);
        using var watcher = new ConfigWatcher(config, started, plans, NullLogger<ConfigWatcher>.Instance, images: catalog);
        await watcher.StartAsync(CancellationToken.None);
        await watcher.Watching.WaitAsync(TimeSpan.FromSeconds(10));

        File.WriteAllText(Path.ChangeExtension(file, ".tree") + "/boot/entries.cfg", "title Rebuilt\nkernel /live/vmlinuz\nappend boot=live toram\n");
        File.AppendAllText(file, "rebuilt");
        var applied = Next(watcher);
        catalog.Refresh();
        Assert.True(await applied.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("boot=live toram", plans.Current.Profiles["live"].CommandLine);

        var refused = Next(watcher);
        catalog.Library.Remove("live", out _);
        catalog.Refresh();
        Assert.False(await refused.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("boot=live toram", plans.Current.Profiles["live"].CommandLine);
        Assert.Contains(plans.LastRefused!.Errors, e => e.Contains("profiles.live.iso: no image named 'live'", StringComparison.Ordinal));

        await watcher.StopAsync(CancellationToken.None);
    }

    private static Task<bool> Next(ConfigWatcher watcher)
    {
        var signal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Once(object? sender, bool applied)
        {
            watcher.Reloaded -= Once;
            signal.TrySetResult(applied);
        }

        watcher.Reloaded += Once;
        return signal.Task;
    }
}
