using PxeHost.Boot.Render;
using PxeHost.Configuration;

namespace PxeHost.Doctor;

/// <summary>
/// Check 9: a profile's command line that iPXE cannot pass. iPXE's script parser ends a command at a
/// word <c>||</c>, <c>&amp;&amp;</c>, <c>;</c> or <c>#…</c> and has no quoting (<see cref="IpxeCommandLine"/>),
/// so the kernel line PxeHost writes for iPXE would lose the rest and run it as a command. PXELINUX and
/// GRUB pass such a line as written, so it blocks only machines that boot this profile through iPXE.
/// </summary>
public static class IpxeCommandLines
{
    public static IEnumerable<DoctorFinding> Check(PxeHostConfig config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var profile in config.Plan.Profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (IpxeCommandLine.Problem(profile.CommandLine) is { } problem)
            {
                yield return DoctorFinding.Blocks(
                    $"{path}: profiles.{profile.Name}.cmdline: {problem}",
                    "remove or respell that word, or boot this profile's machines with loader: pxelinux or grub, which pass the line as written");
            }
        }
    }
}
