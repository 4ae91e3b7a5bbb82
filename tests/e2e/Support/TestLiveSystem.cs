using System.Security.Cryptography;
using System.Text;

namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// A dracut live system: Debian's cloud kernel, Debian's dracut initramfs (dmsquash-live, livenet,
/// network-legacy) and a squashfs root whose <c>/sbin/init</c> prints <see cref="Marker"/> and powers off.
/// Built by the embedded <c>make-live.sh</c> (debootstrap unpacked from its package, dracut run in the
/// throwaway root it makes; nothing installed on this machine) once per machine into
/// <c>artifacts/e2e-live/KEY</c>, KEY hashing the script and the kernel package's name.
/// </summary>
public sealed class TestLiveSystem
{
    /// <summary>Printed by the squashfs root's init, followed by the word its /etc holds and the type of its root mount.</summary>
    public const string Marker = "PXEHOST-LIVE-ROOT";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestLiveSystem? _cached;

    private TestLiveSystem(string directory)
    {
        KernelPath = Path.Combine(directory, "vmlinuz");
        InitrdPath = Path.Combine(directory, "initrd.img");
        SquashfsPath = Path.Combine(directory, "squashfs.img");
    }

    public string KernelPath { get; }

    public string InitrdPath { get; }

    public string SquashfsPath { get; }

    public static async Task<TestLiveSystem> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _cached ??= await LoadOrBuildAsync(Path.Combine(TestPayload.RepositoryRoot(), "artifacts", "e2e-live"));
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<TestLiveSystem> LoadOrBuildAsync(string cache)
    {
        var script = await ScriptAsync();
        var folder = await CachedBuild.LoadOrBuildAsync(cache, await KeyAsync(script), script, "the live system (make-live.sh)", TimeSpan.FromMinutes(15));
        return new TestLiveSystem(folder);
    }

    private static async Task<byte[]> ScriptAsync()
    {
        await using var stream = typeof(TestLiveSystem).Assembly.GetManifestResourceStream("PxeHost.E2E.Tests.Support.make-live.sh")
            ?? throw new InvalidOperationException("make-live.sh is not embedded in this build");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<string> KeyAsync(byte[] script)
    {
        var depends = await ChildProgram.RunAsync("apt-cache", ["depends", "linux-image-cloud-amd64"]);
        var kernelPackage = depends.Stdout.Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("Depends: linux-image-", StringComparison.Ordinal)) ?? "unresolved";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(script);
        hash.AppendData(Encoding.UTF8.GetBytes(kernelPackage));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
