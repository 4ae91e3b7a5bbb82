using PxeHost.Hosting;

namespace PxeHost.Doctor;

/// <summary>
/// Check 6: each boot file the DHCP answers will name (<see cref="OfferedBootFiles"/>) is served, from
/// the root or the system's packages; missing, the clients told to fetch it get nothing. GRUB's
/// netboot images are built by serve from the grub packages (grub-mknetdir), so for them doctor looks
/// for the installed platform folder rather than building them.
/// </summary>
public static class BootloaderCheck
{
    public static IEnumerable<DoctorFinding> Check(PxeHostOptions options, string grubLibrary = "/usr/lib/grub")
    {
        ArgumentNullException.ThrowIfNull(options);
        var missing = OfferedBootFiles.MissingFiles(options)
            .Where(m => !(m.File.StartsWith("grub/", StringComparison.Ordinal) && Directory.Exists(Path.Combine(grubLibrary, m.File.Split('/')[1]))))
            .ToArray();
        foreach (var file in missing)
        {
            yield return DoctorFinding.Blocks(
                $"{file.File} is missing: {file.Clients} clients will get nothing",
                file.Package is null ? $"put {file.File} in the TFTP root {options.Files.Root ?? "(give one with --tftp-root)"}" : $"apt-get install {file.Package}");
        }

        if (missing.Length == 0 && options.Dhcp is not null)
        {
            yield return DoctorFinding.Ok("every boot file the DHCP answers name is served");
        }
    }
}
