using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PxeHost.Boot.Plan;
using PxeHost.Events;

namespace PxeHost.Configuration;

/// <summary>
/// Watches pxehost.yaml and applies a valid edit: the boot plan, and through <see cref="DhcpReload"/>
/// the DHCP reservations, options and lease time. A broken edit (one that could not start either) is
/// logged with file:line and the last good plan and settings keep serving; so is one naming a kernel or
/// initrd that cannot be served (<see cref="PlanFileCheck"/>). What is read at start only
/// — interfaces, mode, ranges — is logged as needing a restart.
/// </summary>
public sealed partial class ConfigWatcher(
    string path, PxeHostConfig started, PlanSource plans, ILogger<ConfigWatcher> logger, DhcpReload? dhcp = null, BootEventStream? events = null,
    PlanFileCheck? files = null, Iso.IsoCatalog? images = null)
    : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);
    private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised after every reload with whether the edit was applied.</summary>
    public event EventHandler<bool>? Reloaded;

    /// <summary>Completes once changes to the file are being watched.</summary>
    public Task Watching => _watching.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var full = Path.GetFullPath(path);

        // The folder, not the file: a Kubernetes ConfigMap mounts pxehost.yaml as a symlink through
        // "..data", and an update renames a new "..data" over the old one; the file itself never
        // changes. Any change in the folder makes the file be read again, and applied when its content differs.
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        using var changed = new SemaphoreSlim(0);
        void Signal(object? sender, EventArgs e) => changed.Release();
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Deleted += Signal;
        watcher.Renamed += Signal;
        watcher.EnableRaisingEvents = true;
        var seen = started.ContentHash ?? ContentHash(full);

        // Profiles may name images' entries: when the library changes, the plan is read again against it.
        void ImagesChanged(object? sender, EventArgs e) => Reload(full);
        if (images is not null)
        {
            images.Changed += ImagesChanged;
        }

        StartedWatching(logger, full);
        _watching.TrySetResult();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);

                // Editors write in several steps (truncate, write, rename): read once the burst settles.
                while (await changed.WaitAsync(Settle, stoppingToken).ConfigureAwait(false))
                {
                }

                var now = ContentHash(full);
                if (now != seen)
                {
                    seen = now;
                    Reload(full);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (images is not null)
            {
                images.Changed -= ImagesChanged;
            }
        }
    }

    /// <summary>Reads the file again; returns whether the edit is now in force.</summary>
    public bool Reload(string file)
    {
        var applied = Apply(file);
        Reloaded?.Invoke(this, applied);
        return applied;
    }

    private bool Apply(string file)
    {
        var config = ConfigLoader.Load(file, out var errors, images is null ? null : images.Find);

        // An edit naming a kernel that is not there would boot nobody: refused like any other broken edit.
        if (config is not null && files?.Check(config) is { Count: > 0 } missing)
        {
            config = null;
            errors = missing;
        }

        var settingErrors = new List<SettingError>();
        var change = config is null ? null : dhcp?.Prepare(config, settingErrors);
        if (config is null || settingErrors.Count > 0)
        {
            var refused = errors.Select(e => e.ToString()).Concat(settingErrors.Select(e => e.ToString())).ToList();
            foreach (var error in refused)
            {
                Refused(logger, error);
            }

            KeptOld(logger, refused.Count, plans.Version);
            var refusal = new PlanRefused { File = file, Errors = refused, KeptVersion = plans.Version };
            plans.Refuse(refusal);
            events?.Publish(refusal);
            return false;
        }

        foreach (var key in NeedRestart(config, change))
        {
            NeedsRestart(logger, file, key);
        }

        plans.Replace(config.Plan);
        LogReloaded(logger, file, config.Plan.Profiles.Count, config.Plan.Menus.Count, config.Plan.Machines.Count, plans.Version);
        events?.Publish(new PlanReloaded
        {
            File = file,
            Version = plans.Version,
            Profiles = config.Plan.Profiles.Count,
            Menus = config.Plan.Menus.Count,
            Machines = config.Plan.Machines.Count,
        });
        if (change is { Applied.Count: > 0 })
        {
            dhcp!.Commit(change);
            AppliedLive(logger, file, string.Join(", ", change.Applied));
        }

        return true;
    }

    /// <summary>Keys the edit changed that only a start reads. With <see cref="DhcpReload"/> the mode and ranges are those in force (flags over the file).</summary>
    private IEnumerable<string> NeedRestart(PxeHostConfig config, DhcpChange? change)
    {
        if (!config.Interfaces.SequenceEqual(started.Interfaces, StringComparer.Ordinal))
        {
            yield return "interfaces";
        }

        if (change is not null)
        {
            foreach (var key in change.NeedRestart)
            {
                yield return key;
            }

            yield break;
        }

        if (config.Mode != started.Mode)
        {
            yield return "mode";
        }

        if (!config.Dhcp.Ranges.Select(r => r.Value).SequenceEqual(started.Dhcp.Ranges.Select(r => r.Value)))
        {
            yield return "dhcp.ranges";
        }
    }

    /// <summary>SHA-256 of the file as read through every symlink; null when it cannot be read (the reload then says why).</summary>
    internal static string? ContentHash(string file)
    {
        try
        {
            return ConfigLoader.ContentHash(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(LogEventIds.Boot.PlanWatching, LogLevel.Information, "boot plan: watching {File} for changes")]
    private static partial void StartedWatching(ILogger logger, string file);

    [LoggerMessage(LogEventIds.Boot.PlanReloaded, LogLevel.Information, "boot plan reloaded from {File}: {Profiles} profiles, {Menus} menus, {Machines} machines (version {Version})")]
    private static partial void LogReloaded(ILogger logger, string file, int profiles, int menus, int machines, int version);

    [LoggerMessage(LogEventIds.Boot.PlanEditRefused, LogLevel.Warning, "boot plan edit refused: {Error}")]
    private static partial void Refused(ILogger logger, string error);

    [LoggerMessage(LogEventIds.Boot.PlanKeptOld, LogLevel.Warning, "boot plan: {Count} problem(s) in the edited file; the last good plan (version {Version}) keeps serving")]
    private static partial void KeptOld(ILogger logger, int count, int version);

    [LoggerMessage(LogEventIds.Boot.PlanNeedsRestart, LogLevel.Warning, "{File}: {Key} changed: restart to apply")]
    private static partial void NeedsRestart(ILogger logger, string file, string key);

    [LoggerMessage(LogEventIds.Boot.PlanAppliedLive, LogLevel.Information, "{File}: DHCP {Keys} applied live")]
    private static partial void AppliedLive(ILogger logger, string file, string keys);
}
