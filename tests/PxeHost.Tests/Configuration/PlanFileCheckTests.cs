using Microsoft.Extensions.Logging;
using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Configuration;

/// <summary>
/// A profile naming a kernel or initrd that is not where TFTP and HTTP look (the root, the system's
/// bootloaders, the plan's published absolute paths) is refused with file:line and the path, at start
/// and on reload, where the last good plan keeps serving. URLs are not checked.
/// </summary>
public sealed class PlanFileCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pxehost-planfiles-").FullName;
    private readonly string _root;
    private readonly string _images;

    public PlanFileCheckTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_directory, "tftp")).FullName;
        _images = Directory.CreateDirectory(Path.Combine(_directory, "images")).FullName;
        File.WriteAllText(Path.Combine(_root, "vmlinuz"), "a kernel");
        Directory.CreateDirectory(Path.Combine(_root, "debian"));
        File.WriteAllText(Path.Combine(_root, "debian", "initrd.gz"), "an initrd");
        File.WriteAllText(Path.Combine(_images, "linux"), "another kernel");
        File.WriteAllText(Path.Combine(_directory, "memtest.bin"), "a system file");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Files_in_the_root_the_system_files_and_absolute_paths_pass_and_urls_are_not_checked()
    {
        var config = Parse($$"""
            profiles:
              one: {kernel: vmlinuz, initrds: [debian/initrd.gz]}
              two: {kernel: {{_images}}/linux, initrd: http://images.example/initrd.img}
              three: {kernel: memtest86+x64.bin}
            """);

        Assert.Empty(Check().Check(config));
    }

    [Fact]
    public void A_missing_kernel_or_initrd_is_an_error_naming_the_line_the_key_and_the_path()
    {
        var config = Parse($$"""
            profiles:
              installer:
                kernel: {{_images}}/gone/linux
                initrds:
                  - vmlinuz
                  - initrd.gz
            """);

        var errors = Check().Check(config);

        Assert.Equal(2, errors.Count);
        Assert.Equal($"pxehost.yaml:3: profiles.installer.kernel: '{_images}/gone/linux' cannot be served: no such file on this server", errors[0].ToString());
        Assert.Equal($"pxehost.yaml:6: profiles.installer.initrds[1]: 'initrd.gz' cannot be served: not found in root {_root}, system bootloaders, plan files", errors[1].ToString());
    }

    [Fact]
    public void A_reload_naming_a_missing_kernel_is_refused_and_the_last_good_plan_keeps_serving()
    {
        var path = Path.Combine(_directory, "pxehost.yaml");
        File.WriteAllText(path, "profiles:\n  disk: {local: true}\ndefaults:\n  boot: disk\n");
        var started = ConfigLoader.Load(path, out var loadErrors) ?? throw new InvalidOperationException(string.Join('\n', loadErrors));
        var plans = new PlanSource(started.Plan);
        using var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        using var watcher = new ConfigWatcher(path, started, plans, loggers.CreateLogger<ConfigWatcher>(), files: Check());
        var before = plans.Current;
        File.WriteAllText(path, "profiles:\n  disk: {local: true}\n  installer:\n    kernel: debian/linux\ndefaults:\n  boot: installer\n");

        Assert.False(watcher.Reload(path));

        Assert.Same(before, plans.Current);
        Assert.Equal(0, plans.Version);
        var refused = Assert.Single(logs.WithEventId(LogEventIds.Boot.PlanEditRefused));
        Assert.Equal($"boot plan edit refused: {path}:4: profiles.installer.kernel: 'debian/linux' cannot be served: not found in root {_root}, system bootloaders, plan files", refused.Message);
        Assert.Single(logs.WithEventId(LogEventIds.Boot.PlanKeptOld));

        // Once the file is there, the same edit applies.
        File.WriteAllText(Path.Combine(_root, "debian", "linux"), "a kernel");
        Assert.True(watcher.Reload(path));
        Assert.Equal("installer", plans.Current.DefaultBoot);
    }

    private PlanFileCheck Check() => PlanFileCheck.For(new FileTreeOptions
    {
        Root = _root,
        SystemFiles = new Dictionary<string, string> { ["memtest86+x64.bin"] = Path.Combine(_directory, "memtest.bin") },
    });

    private static PxeHostConfig Parse(string yaml)
    {
        var errors = new List<ConfigError>();
        return ConfigLoader.Parse(yaml, "pxehost.yaml", errors) ?? throw new InvalidOperationException(string.Join('\n', errors));
    }
}
