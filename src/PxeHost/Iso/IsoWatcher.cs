using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PxeHost.Iso;

/// <summary>
/// Watches the library's folder while serving: a file dropped in, a link added or removed by
/// <c>iso add</c>/<c>iso remove</c>, an image rewritten. Events are coalesced (a copy writes for a while)
/// and the folder scanned once they settle; the catalog then tells what depends on it. A folder that
/// cannot be read is logged and the images known before keep serving.
/// </summary>
public sealed class IsoWatcher(IsoCatalog catalog, TimeProvider time, ILogger<IsoWatcher> logger, TimeSpan? settle = null) : BackgroundService
{
    private readonly TimeSpan _settle = settle ?? TimeSpan.FromMilliseconds(500);
    private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Refusals already in the log ("name\0reason"): each is said once, when first seen.</summary>
    private readonly HashSet<string> _told = new(StringComparer.Ordinal);

    /// <summary>Completes once changes to the folder are being watched (and the folder scanned once).</summary>
    public Task Watching => _watching.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = catalog.Library.Folder;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a reason to stop serving: the images found at start stay, and nothing new is seen.
            IsoLog.ScanFailed(logger, folder, e.Message);
            _watching.TrySetResult();
            return;
        }

        using var watcher = new FileSystemWatcher(folder)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        using var changed = new SemaphoreSlim(0);

        // Hidden names are the library's own (.index, a cache being written): a change there is no new image.
        void Signal(object? sender, FileSystemEventArgs e)
        {
            if (e.Name is not { } name || !name.StartsWith('.'))
            {
                changed.Release();
            }
        }

        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Deleted += Signal;
        watcher.Renamed += (sender, e) => Signal(sender, e);
        watcher.EnableRaisingEvents = true;

        // Anything dropped in between the start's scan and now is seen here.
        await RescanAsync(folder, stoppingToken).ConfigureAwait(false);
        IsoLog.Watching(logger, folder, catalog.Images.Count);
        _watching.TrySetResult();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                do
                {
                    await Task.Delay(_settle, time, stoppingToken).ConfigureAwait(false);
                }
                while (Drain(changed));

                await RescanAsync(folder, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes every pending signal; whether there was any (the burst goes on).</summary>
    private static bool Drain(SemaphoreSlim changed)
    {
        var any = false;
        while (changed.Wait(0))
        {
            any = true;
        }

        return any;
    }

    private async Task RescanAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            // A new image is hashed whole: off the loop that takes the watcher's events.
            if (await Task.Run(() => catalog.Refresh(null, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                IsoLog.Changed(logger, folder, catalog.Images.Count, catalog.Images.Count(i => i.IsRefused));
            }

            // The admin who dropped a corrupt image in reads why it is not served here, once per image and reason.
            foreach (var image in catalog.Images.Where(i => i.IsRefused))
            {
                if (_told.Add($"{image.Name}\0{image.Refusal}"))
                {
                    IsoLog.Refused(logger, image.Name, image.Refusal!);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            IsoLog.ScanFailed(logger, folder, e.Message);
        }
    }
}
