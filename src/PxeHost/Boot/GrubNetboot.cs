using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Boot;

/// <summary>
/// Builds netboot GRUB from the system's packages (BIOS <c>grub/i386-pc/core.0</c>, UEFI
/// <c>grub/x86_64-efi/core.efi</c> and their module folders) with <c>grub-mknetdir</c>, once per installed
/// GRUB version, into a cache folder whose files the TFTP and HTTP servers serve.
/// </summary>
/// <remarks>
/// grub-mknetdir rather than a hand-picked <c>grub-mkimage</c> line: it takes ~0.2 s, its images embed only
/// tftp and pxe/efinet and load every other module (normal, linux, http, serial, chain …) on demand from
/// <c>$prefix/PLATFORM/</c>, so any grub.cfg an admin writes works without knowing the module list. Its
/// prefix is <c>/grub</c> with no device: at start GRUB puts the server it booted from in front
/// (<c>(tftp,NEXT-SERVER)/grub</c>), so the images name no address and one build serves every interface.
/// </remarks>
public static partial class GrubNetboot
{
    /// <summary>The folder under the TFTP root the images expect; compiled into them as the prefix <c>/grub</c>.</summary>
    public const string Subdirectory = "grub";

    internal const string SystemLibDirectory = "/usr/lib/grub";

    private const string CacheFolder = "grub-netboot";

    // Part of the cache key: a change to how the images are built must rebuild existing caches.
    private const string Recipe = "grub-mknetdir --subdir=grub --locales= --themes= ; platform grub.cfg stubs removed (1)";

    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(2);

    // The catalog's GRUB images, grub/PLATFORM/IMAGE: those the planner hands out must build, the others may.
    private static readonly (string Name, string Package, string Image, bool Required)[] Platforms = Loaders.LoaderCatalog.Kinds
        .Where(k => k.Loader == Plan.BootLoader.Grub)
        .Select(k => k.Name.Split('/') is [Subdirectory, var platform, var image]
            ? (platform, k.Package, image, k.IsDefault)
            : throw new InvalidOperationException($"GRUB image {k.Name} is not {Subdirectory}/PLATFORM/IMAGE"))
        .ToArray();

    /// <summary>
    /// The netboot images for this system's GRUB, built into <c>CACHE/grub-netboot/KEY</c> on first use
    /// (KEY follows the GRUB package versions, so an upgrade rebuilds) and reused afterwards; null, with
    /// the reason logged, when the GRUB packages are not installed or the build fails.
    /// </summary>
    public static Task<GrubNetbootFiles?> BuildAsync(string cacheDirectory, ILogger logger, CancellationToken cancellationToken) =>
        BuildAsync(cacheDirectory, SystemLibDirectory, FindOnPath("grub-mknetdir"), logger, cancellationToken);

    internal static async Task<GrubNetbootFiles?> BuildAsync(
        string cacheDirectory, string libDirectory, string? mknetdir, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        var platforms = Platforms.Where(p => File.Exists(Path.Join(libDirectory, p.Name, "moddep.lst"))).ToArray();
        var absent = Platforms.Where(p => p.Required).Except(platforms).ToArray();
        if (mknetdir is null || absent.Length > 0)
        {
            var what = absent.Select(p => Path.Join(libDirectory, p.Name)).Prepend(mknetdir is null ? "grub-mknetdir" : null).OfType<string>();
            var packages = absent.Select(p => p.Package).Prepend(mknetdir is null ? "grub-common" : null).OfType<string>();
            Unavailable(logger, $"not found: {string.Join(", ", what)}; install the Debian packages {string.Join(' ', packages)}");
            return null;
        }

        var root = Path.Join(Path.GetFullPath(cacheDirectory), CacheFolder);
        try
        {
            var key = await KeyAsync(libDirectory, platforms, cancellationToken).ConfigureAwait(false);
            var target = Path.Join(root, key);
            if (IsComplete(target, platforms))
            {
                Reused(logger, target);
                return Describe(target, platforms);
            }

            return await BuildIntoAsync(root, key, libDirectory, mknetdir, platforms, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception)
        {
            BuildFailed(logger, root, e.Message);
            return null;
        }
    }

    private static async Task<GrubNetbootFiles?> BuildIntoAsync(
        string root, string key, string libDirectory, string mknetdir,
        (string Name, string Package, string Image, bool Required)[] platforms, ILogger logger, CancellationToken cancellationToken)
    {
        var target = Path.Join(root, key);
        var temporary = Path.Join(root, $".build-{key}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var platform in platforms)
            {
                var failure = await RunMknetdirAsync(mknetdir, temporary, Path.Join(libDirectory, platform.Name), cancellationToken)
                    .ConfigureAwait(false);
                if (failure is not null)
                {
                    BuildFailed(logger, target, failure);
                    return null;
                }

                // mknetdir writes grub/PLATFORM/grub.cfg ("source grub/grub.cfg"); these images never read it
                // (they read $prefix/grub.cfg), but shim's signed GRUB reads /grub/x86_64-efi/grub.cfg first,
                // so leaving it would shadow the admin's grub/grub.cfg with a relative-path redirect.
                File.Delete(Path.Join(temporary, Subdirectory, platform.Name, "grub.cfg"));
            }

            if (!IsComplete(temporary, platforms))
            {
                BuildFailed(logger, target, "grub-mknetdir succeeded but an image is missing");
                return null;
            }

            Publish(temporary, target);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        var files = Describe(target, platforms);
        Built(logger, target, files.Files.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        RemoveStale(root, key, logger);
        return files;
    }

    /// <summary>Makes a finished build visible in one rename; a concurrent builder that won keeps its copy.</summary>
    private static void Publish(string temporary, string target)
    {
        try
        {
            Directory.Move(temporary, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another process or call finished the same key first: its build is identical, use it.
        }
    }

    private static async Task<string?> RunMknetdirAsync(string mknetdir, string netDirectory, string platformDirectory, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            $"--net-directory={netDirectory}",
            $"--subdir={Subdirectory}",
            $"--directory={platformDirectory}",
            // Translations (4 MB) only matter with $lang set; no theme is used by a serial or text menu.
            "--locales=",
            "--themes=",
        ];
        var (exitCode, _, stderr) = await RunAsync(mknetdir, arguments, BuildLimit, cancellationToken).ConfigureAwait(false);
        return exitCode == 0
            ? null
            : $"{mknetdir} {string.Join(' ', arguments)} exited {exitCode}: {stderr.Trim()}";
    }

    private static bool IsComplete(string directory, (string Name, string Package, string Image, bool Required)[] platforms) =>
        platforms.All(p => File.Exists(Path.Join(directory, ImageName(p.Name, p.Image))));

    private static string ImageName(string platform, string image) => $"{Subdirectory}/{platform}/{image}";

    private static GrubNetbootFiles Describe(string directory, (string Name, string Package, string Image, bool Required)[] platforms)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/'), path => path, StringComparer.Ordinal);
        string? Image(string platform) => platforms.Where(p => p.Name == platform).Select(p => ImageName(p.Name, p.Image)).FirstOrDefault();
        return new GrubNetbootFiles(directory, Image("i386-pc")!, Image("x86_64-efi")!, Image("arm64-efi"), files);
    }

    /// <summary>Removes builds for other GRUB versions once the current one is in place.</summary>
    private static void RemoveStale(string root, string key, ILogger logger)
    {
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(directory);
            if (name == key || name.StartsWith('.'))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
                StaleRemoved(logger, directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                BuildFailed(logger, directory, $"could not remove an old build: {e.Message}");
            }
        }
    }

    /// <summary>
    /// The installed GRUB version (readable, e.g. <c>2.06-13_deb12u2</c>) and a hash over every package's
    /// version, each platform's kernel.img and the recipe: a package upgrade, an added platform or a
    /// changed recipe all give a new folder.
    /// </summary>
    private static async Task<string> KeyAsync(string libDirectory, (string Name, string Package, string Image, bool Required)[] platforms, CancellationToken cancellationToken)
    {
        var fingerprint = new StringBuilder(Recipe).Append('\n');
        var packages = Platforms.Select(p => p.Package).Prepend("grub-common");
        var versions = await PackageVersionsAsync(packages, cancellationToken).ConfigureAwait(false);
        fingerprint.Append(versions);
        foreach (var platform in platforms)
        {
            var kernel = new FileInfo(Path.Join(libDirectory, platform.Name, "kernel.img"));
            fingerprint.Append($"{platform.Name} {(kernel.Exists ? kernel.Length : -1)} {(kernel.Exists ? kernel.LastWriteTimeUtc.Ticks : 0)}\n");
        }

        var version = versions.Split('\n').Select(l => l.Split(' ')).FirstOrDefault(f => f.Length >= 2 && f[0] == "grub-common" && f[1].Length > 0)?[1];
        var readable = new string((version ?? "unknown").Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString())));
        return $"{readable}-{hash[..16]}";
    }

    /// <summary>"package version" lines from dpkg; empty where dpkg-query is absent (then kernel.img stamps alone key the build).</summary>
    private static async Task<string> PackageVersionsAsync(IEnumerable<string> packages, CancellationToken cancellationToken)
    {
        var dpkgQuery = FindOnPath("dpkg-query");
        if (dpkgQuery is null)
        {
            return string.Empty;
        }

        // Exits 1 when one of the packages is unknown but still prints the others.
        var (_, stdout, _) = await RunAsync(dpkgQuery, ["-W", "-f=${Package} ${Version}\n", .. packages], BuildLimit, cancellationToken)
            .ConfigureAwait(false);
        return stdout;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new IOException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new IOException($"{file} did not finish within {limit.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/sbin", "/bin", "/sbin"])
            .Select(directory => Path.Join(directory, program))
            .FirstOrDefault(File.Exists);
    }

    [LoggerMessage(LogEventIds.Boot.GrubNetbootBuilt, LogLevel.Information, "GRUB netboot images built in {Directory}: {Count} files in {DurationMs} ms")]
    private static partial void Built(ILogger logger, string directory, int count, long durationMs);

    [LoggerMessage(LogEventIds.Boot.GrubNetbootReused, LogLevel.Debug, "GRUB netboot images reused from {Directory}")]
    private static partial void Reused(ILogger logger, string directory);

    [LoggerMessage(LogEventIds.Boot.GrubNetbootUnavailable, LogLevel.Warning, "GRUB netboot unavailable: {Reason}")]
    private static partial void Unavailable(ILogger logger, string reason);

    [LoggerMessage(LogEventIds.Boot.GrubNetbootBuildFailed, LogLevel.Error, "GRUB netboot build into {Directory} failed: {Reason}")]
    private static partial void BuildFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(LogEventIds.Boot.GrubNetbootStaleRemoved, LogLevel.Information, "GRUB netboot: removed the build for another GRUB version, {Directory}")]
    private static partial void StaleRemoved(ILogger logger, string directory);
}
