using System.Collections.Concurrent;
using System.Diagnostics;

namespace PxeHost.E2E.Tests.Support;

/// <summary>The real <c>pxehost</c> program, started inside a namespace; its log is collected line by line.</summary>
public sealed class PxeHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private PxeHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    /// <summary>The server's pid: ip netns exec and the switch to the server's user both exec in place.</summary>
    public int ProcessId => _process.Id;

    /// <summary>SIGKILL, by pid, to our own child: a crash with no chance to flush or close anything.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Runs <c>pxehost ARGS</c> in a namespace to its end (for refusals and one-shot commands).</summary>
    public static Task<ChildProgram.Result> RunAsync(string networkNamespace, params string[] arguments) =>
        ChildProgram.RunAsync("ip", ["netns", "exec", networkNamespace, "dotnet", "exec", CliPath, .. arguments], TimeSpan.FromMinutes(1));

    /// <summary>Starts <c>pxehost ARGS</c> in a network namespace and waits until it logs <paramref name="ready"/>.</summary>
    public static Task<PxeHostProcess> StartAsync(string networkNamespace, string ready, params string[] arguments) =>
        StartWithAsync(["ip", "netns", "exec", networkNamespace], ready, arguments);

    /// <summary>Starts <c>PREFIX… dotnet exec pxehost ARGS</c> (say, under setpriv) and waits for <paramref name="ready"/>.</summary>
    public static Task<PxeHostProcess> StartWithAsync(string[] prefix, string ready, params string[] arguments) =>
        StartProgramAsync(prefix, CliPath, ready, arguments);

    /// <summary>Starts <c>PREFIX… dotnet exec PROGRAM ARGS</c>: a copy of pxehost kept elsewhere.</summary>
    public static Task<PxeHostProcess> StartProgramAsync(string[] prefix, string program, string ready, params string[] arguments) =>
        StartCommandAsync([.. prefix, "dotnet", "exec", program, .. arguments], ready);

    /// <summary>Starts a command line that runs pxehost in the end (an installed program, under setpriv) and waits for <paramref name="ready"/>.</summary>
    public static async Task<PxeHostProcess> StartCommandAsync(string[] command, string ready)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new PxeHostProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start pxehost"));
        await process.WaitForLineAsync(ready, TimeSpan.FromSeconds(30));
        return process;
    }

    /// <summary>Waits for the program to end (and its output to be read); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async Task WaitForLineAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pxehost never logged '{text}'. Its log:\n{string.Join('\n', _lines)}");
            }

            await Task.Delay(20);
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    /// <summary>The built CLI: artifacts/bin/PxeHost.Cli/CONFIG beside this assembly's artifacts/bin/PxeHost.E2E.Tests/CONFIG.</summary>
    public static string CliPath
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
            var artifacts = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "PxeHost.Cli", configuration, "PxeHost.Cli.dll"));
            return File.Exists(artifacts) ? artifacts : throw new FileNotFoundException("the pxehost CLI is not built", artifacts);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Our own child, by pid: SIGTERM lets the server log its shutdown.
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
