using System.Collections.Concurrent;
using System.Diagnostics;

namespace PxeHost.Lab;

/// <summary>
/// A long-running peer program (dhcrelay, dnsmasq, QEMU …) started in a network namespace with
/// <c>ip netns exec</c>, which execs the program itself: the pid we hold is the program's, and
/// disposing kills exactly that pid. Its stdout and stderr are collected line by line; stdin is closed.
/// </summary>
public sealed class NamespacedProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private int _disposed;

    private NamespacedProgram(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.StandardInput.Close();
    }

    public string CommandLine { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the program wrote to stdout and stderr so far, interleaved as it arrived.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public static NamespacedProgram Start(string networkNamespace, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] all = ["netns", "exec", networkNamespace, file, .. arguments];
        foreach (var argument in all)
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = "ip " + string.Join(' ', all);
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + commandLine);
        return new NamespacedProgram(process, commandLine);
    }

    /// <summary>Polls the collected output until a line contains <paramref name="text"/>; fails early if the program exits.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var line = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var state = _process.HasExited ? $"it exited with {_process.ExitCode}" : $"it did not within {limit}";
                throw new TimeoutException($"waited for '{text}' from `{CommandLine}`, but {state}. Its output:\n{string.Join('\n', _lines)}");
            }

            await Task.Delay(50);
        }
    }

    public async Task WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    /// <summary>
    /// SIGTERM to our own child, by pid, so a server can log its end and close its files; SIGKILL when
    /// it has not ended within <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited || !PxeHost.Unix.UnixProcess.Terminate(_process.Id))
        {
            return;
        }

        try
        {
            await WaitForExitAsync(grace).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            // Our own child, by pid (SIGKILL); `ip netns exec` has become the program itself.
            _process.Kill();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }
}
