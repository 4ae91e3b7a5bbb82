using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using PxeHost.Tests.Support;

namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// A Linux kernel and an initrd that prove a network boot: the initrd's <c>/init</c> prints one line
/// <c>PXEHOST-BOOTED cmdline: …</c> on the serial console and powers the machine off, so a marker word
/// in the kernel command line tells which path booted. Built once per machine by
/// <c>tests/e2e/Lab/make-payload.sh</c> (Debian packages: apt, dpkg, busybox-static, cpio, gzip)
/// and cached in <c>artifacts/e2e-payload/KEY</c>, KEY hashing the script, the kernel package name and
/// busybox, so a change to any of them builds anew.
/// </summary>
public sealed class TestPayload
{
    public const string Marker = "PXEHOST-BOOTED cmdline:";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestPayload? _cached;

    private TestPayload(string directory)
    {
        DirectoryPath = directory;
        KernelPath = Path.Combine(directory, "vmlinuz");
        InitrdPath = Path.Combine(directory, "initrd.gz");
        KernelPackage = File.ReadAllText(Path.Combine(directory, "kernel-package")).Trim();
    }

    /// <summary>The cache folder; treat it as read-only (copy or link the files into a boot root).</summary>
    public string DirectoryPath { get; }

    public string KernelPath { get; }

    /// <summary>A gzip-compressed newc cpio archive.</summary>
    public string InitrdPath { get; }

    public string KernelPackage { get; }

    public static async Task<TestPayload> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _cached ??= await LoadOrBuildAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<TestPayload> LoadOrBuildAsync()
    {
        var repository = RepositoryRoot();
        var script = Path.Combine(repository, "tests", "e2e", "Lab", "make-payload.sh");
        var cache = Path.Combine(repository, "artifacts", "e2e-payload");
        var final = Path.Combine(cache, await KeyAsync(script));
        if (Directory.Exists(final))
        {
            return new TestPayload(final);
        }

        // Another test process may be building the same payload: each builds into its own folder and
        // renames it into place, which is atomic; the loser throws its copy away.
        Directory.CreateDirectory(cache);
        var building = Path.Combine(cache, ".build-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await ExternalProgram.RunAsync("bash", [script, building], TimeSpan.FromMinutes(10));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{script} exited {result.ExitCode}: {result.Output}");
            }

            // Quick-mode tests hand these files to `pxehost boot`, which reads them as nobody.
            ServedFolder.OpenToAll(building);
            Directory.Move(building, final);
        }
        catch (IOException) when (Directory.Exists(final))
        {
            // Another process renamed its build into place first; it is as good as ours.
        }
        finally
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }
        }

        return new TestPayload(final);
    }

    private static async Task<string> KeyAsync(string script)
    {
        var depends = await ExternalProgram.RunAsync("apt-cache", ["depends", "linux-image-cloud-amd64"]);
        var kernelPackage = depends.Stdout.Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal)) ?? "unresolved";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(await File.ReadAllBytesAsync(script));
        hash.AppendData(Encoding.UTF8.GetBytes(kernelPackage));
        hash.AppendData(await File.ReadAllBytesAsync("/bin/busybox"));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The folder holding PxeHost.slnx: above the test assembly when built into the repository's
    /// artifacts, else (a private ArtifactsPath) where this source file was compiled.
    /// </summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var candidates = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "", Environment.CurrentDirectory };
        foreach (var candidate in candidates.Where(c => c.Length > 0))
        {
            for (var folder = new DirectoryInfo(candidate); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "PxeHost.slnx")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("cannot find the repository (PxeHost.slnx) above " + string.Join(" or ", candidates));
    }
}
