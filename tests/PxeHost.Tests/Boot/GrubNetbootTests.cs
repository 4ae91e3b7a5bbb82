using System.Text;
using PxeHost.Boot;
using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Boot;

/// <summary>
/// Netboot GRUB built with the system's grub-mknetdir (test.sh installs grub-common, grub-pc-bin and
/// grub-efi-amd64-bin) into a temporary cache.
/// </summary>
public sealed class GrubNetbootTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("pxehost-grub-");
    private readonly CapturingLoggerProvider _log = new();

    public void Dispose()
    {
        _log.Dispose();
        _cache.Delete(recursive: true);
    }

    [Fact]
    public async Task Builds_bios_and_uefi_images_and_maps_every_file_the_images_fetch()
    {
        var grub = await BuildAsync();

        Assert.Equal("grub/i386-pc/core.0", grub.BiosImage);
        Assert.Equal("grub/x86_64-efi/core.efi", grub.UefiImage);
        Assert.StartsWith(Path.Join(_cache.FullName, "grub-netboot"), grub.Directory, StringComparison.Ordinal);
        Assert.Equal("MZ", Encoding.ASCII.GetString(File.ReadAllBytes(grub.Files[grub.UefiImage]), 0, 2));
        Assert.True(new FileInfo(grub.Files[grub.BiosImage]).Length > 20_000, "core.0 too small to be a GRUB PXE image");

        // What a netbooted GRUB fetched in the QEMU lab before the marker: normal and its dependencies, the
        // command lists, then serial/terminfo/echo and linux (BIOS also vbe/video_fb), http for (http,SERVER).
        foreach (var platform in new[] { "i386-pc", "x86_64-efi" })
        {
            foreach (var file in new[] { "normal.mod", "extcmd.mod", "gettext.mod", "gzio.mod", "gcry_crc.mod", "command.lst", "fs.lst",
                "crypto.lst", "terminal.lst", "serial.mod", "terminfo.mod", "echo.mod", "linux.mod", "relocator.mod", "mmap.mod",
                "video.mod", "http.mod", "tftp.mod", "chain.mod", "configfile.mod" })
            {
                Assert.True(grub.Files.ContainsKey($"grub/{platform}/{file}"), $"grub/{platform}/{file} is not served");
            }
        }

        Assert.True(grub.Files.ContainsKey("grub/i386-pc/vbe.mod"));
        Assert.True(grub.Files.ContainsKey("grub/x86_64-efi/efinet.mod"));
        Assert.True(grub.Files.ContainsKey("grub/fonts/unicode.pf2"));
    }

    [Fact]
    public async Task The_map_is_exactly_the_files_on_disk_without_platform_config_stubs_or_translations()
    {
        var grub = await BuildAsync();

        var onDisk = Directory.EnumerateFiles(grub.Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(onDisk, grub.Files.Values.Order(StringComparer.Ordinal).ToArray());
        foreach (var (name, path) in grub.Files)
        {
            Assert.Equal(Path.Join(grub.Directory, name), path);
            Assert.False(name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal), name);
        }

        // grub-mknetdir's grub/PLATFORM/grub.cfg ("source grub/grub.cfg") would shadow the admin's grub/grub.cfg
        // for shim's signed GRUB, which reads /grub/x86_64-efi/grub.cfg first.
        Assert.DoesNotContain("grub/i386-pc/grub.cfg", grub.Files.Keys);
        Assert.DoesNotContain("grub/x86_64-efi/grub.cfg", grub.Files.Keys);
        Assert.DoesNotContain(grub.Files.Keys, name => name.StartsWith("grub/locale/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_call_reuses_the_cached_build()
    {
        var first = await BuildAsync();
        var marker = Path.Join(first.Directory, "kept-if-not-rebuilt");
        await File.WriteAllTextAsync(marker, "x");
        var written = Directory.GetLastWriteTimeUtc(first.Directory);

        var second = await BuildAsync();

        Assert.Equal(first.Directory, second.Directory);
        Assert.True(File.Exists(marker), "the cache folder was rebuilt");
        Assert.Equal(written, Directory.GetLastWriteTimeUtc(second.Directory));
        Assert.Single(_log.WithEventId(LogEventIds.Boot.GrubNetbootBuilt));
        Assert.Single(_log.WithEventId(LogEventIds.Boot.GrubNetbootReused));
        Assert.Equal(first.Files.Keys.Order(StringComparer.Ordinal), second.Files.Keys.Where(k => k != "kept-if-not-rebuilt").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_build_for_another_grub_version_is_removed_once_the_current_one_is_in_place()
    {
        var old = Directory.CreateDirectory(Path.Join(_cache.FullName, "grub-netboot", "2.04-1-0123456789abcdef", "grub"));
        await File.WriteAllTextAsync(Path.Join(old.FullName, "core.0"), "old");

        var grub = await BuildAsync();

        Assert.False(Directory.Exists(old.Parent!.FullName));
        Assert.Equal([grub.Directory], Directory.GetDirectories(Path.Join(_cache.FullName, "grub-netboot")));
    }

    [Fact]
    public async Task Missing_platform_modules_give_null_and_name_the_debian_packages()
    {
        var emptyLib = _cache.CreateSubdirectory("no-grub-lib");

        var grub = await GrubNetboot.BuildAsync(_cache.FullName, emptyLib.FullName, "/usr/bin/grub-mknetdir", _log.CreateLogger("test"), CancellationToken.None);

        Assert.Null(grub);
        var line = Assert.Single(_log.WithEventId(LogEventIds.Boot.GrubNetbootUnavailable));
        Assert.Contains("grub-pc-bin grub-efi-amd64-bin", line.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(_cache.FullName, "grub-netboot")));
    }

    [Fact]
    public async Task A_missing_grub_mknetdir_names_grub_common()
    {
        var grub = await GrubNetboot.BuildAsync(_cache.FullName, GrubNetboot.SystemLibDirectory, null, _log.CreateLogger("test"), CancellationToken.None);

        Assert.Null(grub);
        Assert.Contains("install the Debian packages grub-common", Assert.Single(_log.WithEventId(LogEventIds.Boot.GrubNetbootUnavailable)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_build_leaves_no_half_built_folder_behind()
    {
        var grub = await GrubNetboot.BuildAsync(_cache.FullName, GrubNetboot.SystemLibDirectory, "/bin/false", _log.CreateLogger("test"), CancellationToken.None);

        Assert.Null(grub);
        Assert.Contains("exited 1", Assert.Single(_log.WithEventId(LogEventIds.Boot.GrubNetbootBuildFailed)).Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_cache.FullName, "grub-netboot")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_catalog_platforms_are_built_and_arm64_only_when_its_modules_are_installed(bool arm64)
    {
        // Stands in for grub-mknetdir where the grub packages are absent: writes the image of the platform it is given.
        var mknetdir = Path.Join(_cache.FullName, "mknetdir");
        await File.WriteAllTextAsync(mknetdir, """
            #!/bin/sh
            for a; do case $a in --net-directory=*) net=${a#*=};; --directory=*) dir=${a#*=};; esac; done
            p=$(basename "$dir"); image=core.efi; [ "$p" = i386-pc ] && image=core.0
            mkdir -p "$net/grub/$p" && echo image > "$net/grub/$p/$image" && echo stub > "$net/grub/$p/grub.cfg"
            """);
        File.SetUnixFileMode(mknetdir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var lib = _cache.CreateSubdirectory("lib");
        foreach (var platform in arm64 ? ["i386-pc", "x86_64-efi", "arm64-efi"] : new[] { "i386-pc", "x86_64-efi" })
        {
            await File.WriteAllTextAsync(Path.Join(lib.CreateSubdirectory(platform).FullName, "moddep.lst"), string.Empty);
        }

        var grub = await GrubNetboot.BuildAsync(Path.Join(_cache.FullName, "cache"), lib.FullName, mknetdir, _log.CreateLogger("test"), CancellationToken.None);

        Assert.True(grub is not null, string.Join('\n', _log.Lines.Select(l => l.Message)));
        Assert.Equal("grub/i386-pc/core.0", grub.BiosImage);
        Assert.Equal("grub/x86_64-efi/core.efi", grub.UefiImage);
        Assert.Equal(arm64 ? "grub/arm64-efi/core.efi" : null, grub.Arm64Image);
        Assert.Equal(arm64 ? 3 : 2, grub.Files.Count);
    }

    private async Task<GrubNetbootFiles> BuildAsync()
    {
        var grub = await GrubNetboot.BuildAsync(_cache.FullName, _log.CreateLogger("test"), CancellationToken.None);
        Assert.True(grub is not null, string.Join('\n', _log.Lines.Select(l => l.Message)));
        return grub;
    }
}
