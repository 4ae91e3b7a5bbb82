using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Iso;

namespace PxeHost.Tests.Iso;

/// <summary>The serving side follows isos/: an image dropped in appears, one removed goes, without a restart.</summary>
public sealed class IsoWatcherTests : IDisposable
{
    private readonly TestImages _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task An_image_dropped_into_the_folder_appears_and_one_removed_goes()
    {
        var catalog = new IsoCatalog(_images.Library());
        using var watcher = new IsoWatcher(catalog, TimeProvider.System, NullLogger<IsoWatcher>.Instance, TimeSpan.FromMilliseconds(50));
        await watcher.StartAsync(CancellationToken.None);
        await watcher.Watching.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(catalog.Images);

        var appeared = Next(catalog, c => c.Find("dropped") is not null);
        _images.Make("dropped", TestImages.LiveEntries, folder: _images.Folder);
        await appeared.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, catalog.Find("dropped")!.Entries.Count);

        var gone = Next(catalog, c => c.Find("dropped") is null);
        Assert.Null(catalog.Library.Remove("dropped", out _));
        await gone.WaitAsync(TimeSpan.FromSeconds(10));

        await watcher.StopAsync(CancellationToken.None);
    }

    /// <summary>Completes at the first change after which <paramref name="done"/> holds.</summary>
    private static Task Next(IsoCatalog catalog, Func<IsoCatalog, bool> done)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += (_, _) =>
        {
            if (done(catalog))
            {
                signal.TrySetResult();
            }
        };
        return signal.Task;
    }

    [Fact]
    public async Task A_folder_that_cannot_be_made_is_logged_and_the_server_keeps_serving()
    {
        var blocked = Path.Combine(_images.Root, "file-not-folder");
        File.WriteAllText(blocked, "a file where the data folder should be");
        var catalog = new IsoCatalog(new IsoLibrary(blocked, _ => throw new InvalidOperationException(), (_, _) => []));
        using var watcher = new IsoWatcher(catalog, TimeProvider.System, NullLogger<IsoWatcher>.Instance, TimeSpan.FromMilliseconds(50));

        await watcher.StartAsync(CancellationToken.None);

        // The service ends without a fault (a fault would have the supervisor stop the server in the end).
        await watcher.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(watcher.Watching.IsCompletedSuccessfully);
        Assert.Empty(catalog.Images);
    }
}
