using PxeHost.Configuration;

namespace PxeHost.Doctor;

/// <summary>Check 7: the config file loads; each error as the loader gives it, file:line: key: what.</summary>
public static class ConfigCheck
{
    /// <param name="path">pxehost.yaml.</param>
    /// <param name="images">The library's images by name, which profiles may name (<c>iso:</c>).</param>
    public static (PxeHostConfig? Config, IReadOnlyList<DoctorFinding> Findings) Check(string path, Func<string, Iso.IsoImage?>? images = null)
    {
        var config = ConfigLoader.Load(path, out var errors, images);
        IReadOnlyList<DoctorFinding> findings = config is null
            ? [.. errors.Select(e => DoctorFinding.Blocks(e.ToString(), "correct that line of the file"))]
            : [DoctorFinding.Ok($"{path} loads: {config.Plan.Profiles.Count} profiles, {config.Plan.Machines.Count} machines")];
        return (config, findings);
    }
}
