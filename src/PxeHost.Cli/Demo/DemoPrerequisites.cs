using PxeHost.Lab;

namespace PxeHost.Cli.Demo;

/// <summary>
/// What the demo needs from Debian: QEMU with SeaBIOS and iPXE's NIC ROMs, OVMF, the iPXE and PXELINUX
/// boot files, and what builds the payload. As root, what is missing is installed with apt-get (and
/// said so); otherwise the demo says exactly what to install and how to run it.
/// </summary>
internal static class DemoPrerequisites
{
    public static readonly IReadOnlyList<string> Packages =
        ["iproute2", "qemu-system-x86", "ipxe-qemu", "ovmf", "ipxe", "pxelinux", "syslinux-common", .. LabPayload.Packages];

    /// <summary>True when everything is there (installed now if need be); false after saying what is wrong.</summary>
    public static async Task<bool> EnsureAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var missing = await MissingAsync().ConfigureAwait(false);
        if (Environment.UserName != "root")
        {
            var install = missing.Count == 0 ? string.Empty
                : $" It also needs Debian packages this machine lacks: apt-get install {string.Join(' ', missing)} (as root it installs them itself).";
            await output.WriteLineAsync("pxehost demo needs root: it makes a private network namespace with a bridge and tap devices, and runs QEMU "
                + $"virtual machines on it. Run: sudo {Invocation()}.{install}").ConfigureAwait(false);
            return false;
        }

        if (missing.Count == 0)
        {
            return true;
        }

        await output.WriteLineAsync($"pxehost demo: installing with apt-get: {string.Join(' ', missing)}").ConfigureAwait(false);
        var update = await ChildProgram.RunAsync("apt-get", ["update", "-q"], TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        var run = update.ExitCode != 0 ? update
            : await ChildProgram.RunAsync("env", ["DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "--no-install-recommends", .. missing], TimeSpan.FromMinutes(20)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (run.ExitCode != 0)
        {
            await output.WriteLineAsync($"pxehost demo: apt-get failed (exit code {run.ExitCode}):\n{run.Output.TrimEnd()}").ConfigureAwait(false);
            return false;
        }

        var still = await MissingAsync().ConfigureAwait(false);
        if (still.Count > 0)
        {
            await output.WriteLineAsync($"pxehost demo: still missing after apt-get: {string.Join(' ', still)}").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static async Task<List<string>> MissingAsync()
    {
        var missing = new List<string>();
        foreach (var package in Packages)
        {
            var query = await ChildProgram.RunAsync("dpkg-query", ["-W", "-f=${Status}", package]).ConfigureAwait(false);
            if (!query.Stdout.Contains("install ok installed", StringComparison.Ordinal))
            {
                missing.Add(package);
            }
        }

        return missing;
    }

    /// <summary>How this program was started, to repeat it (./pxehost demo from a checkout, pxehost demo when installed).</summary>
    private static string Invocation() =>
        File.Exists(Path.Combine(Environment.CurrentDirectory, "pxehost")) ? "./pxehost demo" : "pxehost demo";
}
