using System.Runtime.CompilerServices;

namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// The lab payload (<see cref="LabPayload"/>: a kernel and an initrd that print a marker line and power
/// off), built once per machine and cached in <c>artifacts/e2e-payload/KEY</c>.
/// </summary>
public static class TestPayload
{
    public const string Marker = LabPayload.Marker;

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LabPayload? _cached;

    public static async Task<LabPayload> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _cached ??= await LabPayload.LoadOrBuildAsync(Path.Combine(RepositoryRoot(), "artifacts", "e2e-payload"));
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The folder holding PxeHost.slnx: above the test assembly when built into the repository's
    /// artifacts, else (a private ArtifactsPath) where this source file was compiled.
    /// </summary>
    internal static string RepositoryRoot([CallerFilePath] string sourceFile = "")
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
