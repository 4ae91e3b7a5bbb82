using System.Collections;
using System.Text;
using PxeHost.Unix;

namespace PxeHost.Cli;

/// <summary>
/// Replaces this process with itself run as another user, through util-linux's setpriv(1): same pid
/// (so a supervisor, or whoever started it, keeps watching the right process), same program and
/// arguments as /proc/self/exe and /proc/self/cmdline say (for <c>dotnet exec pxehost.dll</c> too), same
/// environment plus a marker.
/// </summary>
/// <remarks>
/// Why an exec and not setuid(2) in place: capabilities are per thread, and a .NET process already has
/// many threads (GC, thread pool). glibc's setresuid reaches every thread, but PR_SET_KEEPCAPS, capset
/// and PR_CAP_AMBIENT only the calling one: the other threads would lose CAP_NET_RAW and
/// CAP_NET_BIND_SERVICE, and a DHCP socket reopened on one of them later (an interface that comes
/// back) would fail. Ambient capabilities set before execve(2) are given to the new image's every
/// thread (capabilities(7): P'(ambient) = P(ambient), P'(permitted) = P'(effective) = P'(ambient) for a
/// program without file capabilities). setpriv does the setgroups/setresgid/setresuid/capset/ambient
/// dance in the right order and is Essential in Debian, so it is always there.
/// </remarks>
internal static class ProcessImage
{
    /// <summary>Set in the new image: the switch happened (so a server still root after it refuses instead of looping).</summary>
    public const string SwitchedMarker = "PXEHOST_SWITCHED_USER";

    private static readonly string[] SetprivPlaces = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv"];

    /// <summary>setpriv, or null when util-linux is missing.</summary>
    public static string? Setpriv => SetprivPlaces.FirstOrDefault(File.Exists);

    /// <summary>
    /// The setpriv command line that runs this program as <paramref name="user"/> keeping only the
    /// capabilities DHCP needs: inheritable and ambient so they survive the exec, the bounding set
    /// cut to them so nothing (a setuid program) can gain more.
    /// </summary>
    public static string[] SwitchArguments(string setpriv, UnixAccount user, string program, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(user);
        const string caps = "-all,+net_raw,+net_bind_service";
        return
        [
            setpriv, $"--reuid={user.UserId}", $"--regid={user.GroupId}", "--init-groups",
            $"--inh-caps={caps}", $"--ambient-caps={caps}", $"--bounding-set={caps}", "--", program, .. arguments,
        ];
    }

    /// <summary>This process's program (/proc/self/exe) and its arguments after argv[0] (/proc/self/cmdline).</summary>
    public static (string Program, string[] Arguments) Current()
    {
        var program = new FileInfo("/proc/self/exe").LinkTarget ?? throw new IOException("/proc/self/exe is not readable");
        var words = Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/cmdline")).Split('\0');

        // cmdline ends with a NUL, so the split leaves one empty word at the end.
        return (program, words[1..^1]);
    }

    /// <summary>execve(2) of <paramref name="argv"/> with this environment and the marker; returns only when it failed, with the error.</summary>
    public static string Exec(string[] argv, string marker)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => (string)e.Key != SwitchedMarker)
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{SwitchedMarker}={marker}")
            .ToArray();
        return UnixProcess.Exec(argv, environment);
    }
}
