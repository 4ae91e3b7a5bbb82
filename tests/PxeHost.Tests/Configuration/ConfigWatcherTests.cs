using Microsoft.Extensions.Logging;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Configuration;

/// <summary>
/// Live edits of pxehost.yaml: a valid edit swaps the plan in, a broken one is logged with file:line
/// and the last good plan keeps serving; the hosted watcher notices a write to the file by itself.
/// </summary>
public sealed class ConfigWatcherTests : IDisposable
{
    private const string Original = """
        mode: proxy
        profiles:
          disk:
            local: true
        defaults:
          boot: disk
        """;

    private const string WithInstaller = """
        mode: proxy
        profiles:
          disk:
            local: true
          installer:
            kernel: debian/linux
            initrd: debian/initrd.gz
        defaults:
          boot: installer
        """;

    // Line 6 names a profile that does not exist.
    private const string Broken = """
        mode: proxy
        profiles:
          disk:
            local: true
        defaults:
          boot: installer
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("pxehost-watch-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly string _path;
    private readonly PlanSource _plans;
    private readonly ConfigWatcher _watcher;

    public ConfigWatcherTests()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        _path = Path.Combine(_directory, "pxehost.yaml");
        File.WriteAllText(_path, Original);
        var started = ConfigLoader.Load(_path, out var errors) ?? throw new InvalidOperationException(string.Join('\n', errors));
        _plans = new PlanSource(started.Plan);
        _watcher = new ConfigWatcher(_path, started, _plans, _loggerFactory.CreateLogger<ConfigWatcher>());
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _loggerFactory.Dispose();
        _logs.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_valid_edit_replaces_the_plan()
    {
        File.WriteAllText(_path, WithInstaller);

        Assert.True(_watcher.Reload(_path));

        Assert.Equal(1, _plans.Version);
        Assert.Equal("installer", _plans.Current.DefaultBoot);
        Assert.Equal(ProfileKind.Linux, _plans.Current.Profiles["installer"].Kind);
        var reloaded = Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanReloaded));
        Assert.Equal($"boot plan reloaded from {_path}: 2 profiles, 0 menus, 0 machines (version 1)", reloaded.Message);
        Assert.Empty(_logs.WithEventId(LogEventIds.Boot.PlanEditRefused));
        Assert.Empty(_logs.WithEventId(LogEventIds.Boot.PlanNeedsRestart));
    }

    [Fact]
    public void A_broken_edit_keeps_the_old_plan_and_logs_each_error_with_file_and_line()
    {
        var before = _plans.Current;
        File.WriteAllText(_path, Broken);

        Assert.False(_watcher.Reload(_path));

        Assert.Equal(0, _plans.Version);
        Assert.Same(before, _plans.Current);
        var refused = Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanEditRefused));
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Equal($"boot plan edit refused: {_path}:6: defaults.boot: no profile or menu named 'installer'", refused.Message);
        var kept = Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanKeptOld));
        Assert.Equal("boot plan: 1 problem(s) in the edited file; the last good plan (version 0) keeps serving", kept.Message);
        Assert.Empty(_logs.WithEventId(LogEventIds.Boot.PlanReloaded));
    }

    [Fact]
    public void An_unclosed_bracket_saved_mid_edit_keeps_the_old_plan_and_names_its_line()
    {
        // YamlDotNet's scanner throws InvalidOperationException for this one; it used to stop the server.
        var before = _plans.Current;
        File.WriteAllText(_path, "dhcp:\n  ranges: [10.0.0.100-10.0.0.200\n  router: 10.0.0.1\nprofiles:\n  disk: {local: true}\n");

        Assert.False(_watcher.Reload(_path));

        Assert.Same(before, _plans.Current);
        Assert.Equal($"boot plan edit refused: {_path}:2: (syntax): '[' is not closed", Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanEditRefused)).Message);
    }

    [Fact]
    public void An_entry_without_a_key_keeps_the_old_plan_and_names_its_line()
    {
        // YamlDotNet's document loader throws ArgumentException for this one; found by fuzzing the loader.
        var before = _plans.Current;
        File.WriteAllText(_path, "profiles:\n  disk:\n    : true\n");

        Assert.False(_watcher.Reload(_path));

        Assert.Same(before, _plans.Current);
        Assert.Equal($"boot plan edit refused: {_path}:3: (syntax): an entry without a key ('KEY: value' expected)",
            Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanEditRefused)).Message);
    }

    [Fact]
    public void A_deleted_file_keeps_the_old_plan()
    {
        var before = _plans.Current;
        File.Delete(_path);

        Assert.False(_watcher.Reload(_path));

        Assert.Same(before, _plans.Current);
        Assert.StartsWith($"boot plan edit refused: {_path}:0: (file): ", Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanEditRefused)).Message, StringComparison.Ordinal);
        Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanKeptOld));
    }

    [Fact]
    public void Changing_what_is_read_at_start_only_is_logged_as_needing_a_restart()
    {
        File.WriteAllText(_path, WithInstaller.Replace("mode: proxy", "mode: full", StringComparison.Ordinal));

        Assert.True(_watcher.Reload(_path));

        Assert.Equal(1, _plans.Version);
        Assert.Equal($"{_path}: mode changed: restart to apply", Assert.Single(_logs.WithEventId(LogEventIds.Boot.PlanNeedsRestart)).Message);
    }

    [Fact]
    public async Task Running_as_a_hosted_service_it_picks_up_a_write_to_the_file()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reloaded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _watcher.Reloaded += (_, applied) => reloaded.TrySetResult(applied);
        await _watcher.StartAsync(cancel.Token);
        try
        {
            await _watcher.Watching.WaitAsync(cancel.Token);

            File.WriteAllText(_path, WithInstaller);

            Assert.True(await reloaded.Task.WaitAsync(cancel.Token));
            Assert.Equal(1, _plans.Version);
            Assert.True(_plans.Current.Profiles.ContainsKey("installer"));
            Assert.Equal("installer", _plans.Current.DefaultBoot);
            Assert.Empty(_logs.WithEventId(LogEventIds.Boot.PlanEditRefused));
        }
        finally
        {
            await _watcher.StopAsync(cancel.Token);
        }
    }

    [Fact]
    public async Task Running_as_a_hosted_service_it_picks_up_a_kubernetes_configmap_update()
    {
        // How the kubelet mounts a ConfigMap: pxehost.yaml -> ..data/pxehost.yaml, ..data -> ..<timestamp>.
        var mount = Directory.CreateDirectory(Path.Combine(_directory, "configmap")).FullName;
        var first = Directory.CreateDirectory(Path.Combine(mount, "..2026_01_01_00_00_00.1")).FullName;
        File.WriteAllText(Path.Combine(first, "pxehost.yaml"), Original);
        File.CreateSymbolicLink(Path.Combine(mount, "..data"), Path.GetFileName(first));
        var path = Path.Combine(mount, "pxehost.yaml");
        File.CreateSymbolicLink(path, "..data/pxehost.yaml");
        var started = ConfigLoader.Load(path, out var errors) ?? throw new InvalidOperationException(string.Join('\n', errors));
        var plans = new PlanSource(started.Plan);
        using var watcher = new ConfigWatcher(path, started, plans, _loggerFactory.CreateLogger<ConfigWatcher>());
        var reloaded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += (_, applied) => reloaded.TrySetResult(applied);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await watcher.StartAsync(cancel.Token);
        try
        {
            await watcher.Watching.WaitAsync(cancel.Token);

            // The kubelet's update: a new timestamped folder, a "..data_tmp" link to it renamed over
            // "..data" (rename(2), atomic), then the old folder removed. pxehost.yaml itself never changes.
            var second = Directory.CreateDirectory(Path.Combine(mount, "..2026_01_01_00_05_00.2")).FullName;
            File.WriteAllText(Path.Combine(second, "pxehost.yaml"), WithInstaller);
            File.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), Path.GetFileName(second));
            var swap = await ChildProgram.RunAsync("mv", ["-T", Path.Combine(mount, "..data_tmp"), Path.Combine(mount, "..data")]);
            Assert.True(swap.ExitCode == 0, swap.Output);
            Directory.Delete(first, recursive: true);

            Assert.True(await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10), cancel.Token));
            Assert.Equal(1, plans.Version);
            Assert.Equal("installer", plans.Current.DefaultBoot);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }
}
