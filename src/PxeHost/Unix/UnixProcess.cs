using System.Runtime.InteropServices;

namespace PxeHost.Unix;

/// <summary>execve(2) and kill(2), which .NET does not wrap: replacing this process's image, keeping its pid; SIGTERM to a child.</summary>
public static partial class UnixProcess
{
    /// <summary>
    /// Runs <paramref name="argv"/>[0] in place of this process with <paramref name="environment"/>
    /// (NAME=VALUE each); returns only when that failed, with the error. Legal from a multi-threaded
    /// process: the kernel ends every other thread.
    /// </summary>
    public static string Exec(IReadOnlyList<string> argv, IReadOnlyList<string> environment)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentNullException.ThrowIfNull(environment);
        var allocated = new List<nint>();
        try
        {
            NativeExecve(argv[0], Pointers(argv, allocated), Pointers(environment, allocated));
            return Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }
        finally
        {
            allocated.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    /// <summary>Asks the process <paramref name="pid"/> to end (SIGTERM), as a supervisor would; false when there is no such process.</summary>
    public static bool Terminate(int pid) => NativeKill(pid, SignalTerminate) == 0;

    private const int SignalTerminate = 15;

    /// <summary>A NULL-terminated array of C strings, as execve takes them.</summary>
    private static nint[] Pointers(IReadOnlyList<string> texts, List<nint> allocated)
    {
        var pointers = new nint[texts.Count + 1];
        for (var i = 0; i < texts.Count; i++)
        {
            pointers[i] = Marshal.StringToCoTaskMemUTF8(texts[i]);
            allocated.Add(pointers[i]);
        }

        return pointers;
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeExecve(string path, nint[] argv, nint[] envp);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
