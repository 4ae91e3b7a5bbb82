using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Boot.Plan;
using PxeHost.Events;

namespace PxeHost.Configuration;

/// <summary>
/// Watches pxehost.yaml and swaps in the new boot plan when the edited file is valid. A broken edit
/// is logged with file:line and the last good plan keeps serving. Interfaces and DHCP scopes are
/// read at start only; changing them is logged as needing a restart.
/// </summary>
public sealed partial class ConfigWatcher(string path, PxeHostConfig started, PlanSource plans, ILogger<ConfigWatcher> logger, BootEventStream? events = null) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var full = Path.GetFullPath(path);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        var changed = new SemaphoreSlim(0);
        void Signal(object? sender, EventArgs e) => changed.Release();
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Renamed += Signal;
        watcher.EnableRaisingEvents = true;
        Watching(logger, full);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);

                // Editors write in several steps (truncate, write, rename): read once the burst settles.
                while (await changed.WaitAsync(Settle, stoppingToken).ConfigureAwait(false))
                {
                }

                Reload(full);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the file again; returns whether the new plan is now in force.</summary>
    public bool Reload(string file)
    {
        var config = ConfigLoader.Load(file, out var errors);
        if (config is null)
        {
            foreach (var error in errors)
            {
                Refused(logger, error.ToString());
            }

            KeptOld(logger, errors.Count, plans.Version);
            events?.Publish(new PlanRefused { File = file, Errors = [.. errors.Select(e => e.ToString())], KeptVersion = plans.Version });
            return false;
        }

        if (!config.Interfaces.SequenceEqual(started.Interfaces) || config.Mode != started.Mode || !config.DhcpRanges.SequenceEqual(started.DhcpRanges))
        {
            NeedsRestart(logger);
        }

        plans.Replace(config.Plan);
        Reloaded(logger, file, config.Plan.Profiles.Count, config.Plan.Menus.Count, config.Plan.Machines.Count, plans.Version);
        events?.Publish(new PlanReloaded
        {
            File = file,
            Version = plans.Version,
            Profiles = config.Plan.Profiles.Count,
            Menus = config.Plan.Menus.Count,
            Machines = config.Plan.Machines.Count,
        });
        return true;
    }

    [LoggerMessage(LogEventIds.Boot.PlanWatching, LogLevel.Information, "boot plan: watching {File} for changes")]
    private static partial void Watching(ILogger logger, string file);

    [LoggerMessage(LogEventIds.Boot.PlanReloaded, LogLevel.Information, "boot plan reloaded from {File}: {Profiles} profiles, {Menus} menus, {Machines} machines (version {Version})")]
    private static partial void Reloaded(ILogger logger, string file, int profiles, int menus, int machines, int version);

    [LoggerMessage(LogEventIds.Boot.PlanEditRefused, LogLevel.Warning, "boot plan edit refused: {Error}")]
    private static partial void Refused(ILogger logger, string error);

    [LoggerMessage(LogEventIds.Boot.PlanKeptOld, LogLevel.Warning, "boot plan: {Count} problem(s) in the edited file; the last good plan (version {Version}) keeps serving")]
    private static partial void KeptOld(ILogger logger, int count, int version);

    [LoggerMessage(LogEventIds.Boot.PlanNeedsRestart, LogLevel.Warning, "boot plan: interfaces, mode or DHCP ranges changed in the file; those take effect at the next start")]
    private static partial void NeedsRestart(ILogger logger);
}
