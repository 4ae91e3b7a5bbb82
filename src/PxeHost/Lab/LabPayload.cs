using System.Security.Cryptography;
using System.Text;

namespace PxeHost.Lab;

/// <summary>
/// A Linux kernel and an initrd that prove a network boot: the initrd's <c>/init</c> prints one line
/// <c>PXEHOST-BOOTED cmdline: …</c> on the serial console and powers the machine off, so a marker word
/// in the kernel command line tells which path booted. Built by the embedded <c>make-payload.sh</c>
/// (Debian packages: apt, dpkg, busybox-static, cpio, gzip; root) into <c>CACHE/KEY</c>, KEY hashing
/// the script, the kernel package's name and busybox, so a change to any of them builds anew.
/// </summary>
public sealed class LabPayload
{
    public const string Marker = "PXEHOST-BOOTED cmdline:";

    /// <summary>What the builder needs from Debian, by package.</summary>
    public static readonly IReadOnlyList<string> Packages = ["busybox-static", "cpio", "gzip"];

    private LabPayload(string directory)
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

    /// <summary>The Debian package the kernel came from (linux-image-cloud-amd64's dependency).</summary>
    public string KernelPackage { get; }

    /// <summary>The payload cached under <paramref name="cache"/>, built first when missing (downloads the kernel package).</summary>
    public static async Task<LabPayload> LoadOrBuildAsync(string cache, CancellationToken cancellationToken = default)
    {
        var script = await ScriptAsync(cancellationToken).ConfigureAwait(false);
        var key = await KeyAsync(script).ConfigureAwait(false);
        var folder = await CachedBuild.LoadOrBuildAsync(cache, key, script, "the lab payload (make-payload.sh)", TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
        return new LabPayload(folder);
    }

    private static async Task<byte[]> ScriptAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(LabPayload).Assembly.GetManifestResourceStream("PxeHost.Lab.make-payload.sh")
            ?? throw new InvalidOperationException("make-payload.sh is not embedded in this build");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    private static async Task<string> KeyAsync(byte[] script)
    {
        var depends = await ChildProgram.RunAsync("apt-cache", ["depends", "linux-image-cloud-amd64"]).ConfigureAwait(false);
        var kernelPackage = depends.Stdout.Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal)) ?? "unresolved";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(script);
        hash.AppendData(Encoding.UTF8.GetBytes(kernelPackage));
        hash.AppendData(File.Exists("/bin/busybox") ? await File.ReadAllBytesAsync("/bin/busybox").ConfigureAwait(false) : []);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
