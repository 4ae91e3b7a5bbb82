using PxeHost.Boot.Policy;
using PxeHost.Configuration;
using PxeHost.Files;
using PxeHost.Unix;

namespace PxeHost.Doctor;

/// <summary>
/// Check 4: every kernel and initrd the plan names is served (<see cref="PlanFileCheck"/>, as serve
/// checks at start) and readable by the user the server runs as (<see cref="ReadAccess"/>): serve
/// started as root checks as root, then reads as nobody, and a 0600 kernel stalls the machine.
/// </summary>
public sealed class PlanFilesCheck(FileTreeOptions files, UnixAccount serverUser)
{
    public IEnumerable<DoctorFinding> Check(PxeHostConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var missing = PlanFileCheck.For(files).Check(config);
        foreach (var error in missing)
        {
            yield return DoctorFinding.Blocks(error.ToString(), "put the file there, or correct the path in the plan");
        }

        var checkedCount = 0;
        foreach (var file in config.Files.Where(f => !BootUrls.IsUrl(f.Reference)).Where(f => !missing.Any(m => m.Line == f.Origin.Line)))
        {
            if (PathOf(file.Reference) is not { } path)
            {
                continue;
            }

            checkedCount++;
            if (ReadAccess.Denied(path, serverUser) is { } denied)
            {
                yield return DoctorFinding.Blocks($"{config.File}:{file.Origin.Line}: {file.Origin.Key}: '{file.Reference}': the server runs as {serverUser.Name}, and {denied}",
                    $"chmod o+r {path} (and o+x on the folders above it), or choose the server's user with --user");
            }
        }

        if (missing.Count == 0)
        {
            yield return DoctorFinding.Ok($"the plan's {config.Files.Count} kernel and initrd references are served ({checkedCount} files checked readable by {serverUser.Name})");
        }
    }

    /// <summary>Where the server reads a reference from: itself when absolute, else beneath the root (null without one, or when only the system's bootloaders have it).</summary>
    private string? PathOf(string reference)
    {
        if (Path.IsPathRooted(reference))
        {
            return reference;
        }

        var path = files.Root is null ? null : Path.Join(files.Root, reference);
        return path is not null && File.Exists(path) ? path : null;
    }
}
